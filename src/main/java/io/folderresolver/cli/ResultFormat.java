package io.folderresolver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the one-shot command writes a result document: as it is ({@code json}), the old script's
 * {@code {"folder_<index>_name": name}} map alone ({@code names}), or one CSV row per entry ({@code csv}). Each
 * reads the document as a stream, so a result of millions of entries is never held in memory.
 */
public enum ResultFormat {

    json {
        @Override
        void write(InputStream document, OutputStream out) throws IOException {
            document.transferTo(out);
        }
    },
    names {
        @Override
        void write(InputStream document, OutputStream out) throws IOException {
            // Byte for byte what the script printed: Python's json.dumps, ", " and ": " between items, non-ASCII
            // escaped as \\uXXXX, one line.
            Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.US_ASCII);
            try (JsonParser parser = JSON.createParser(document);
                 JsonGenerator generator = JSON.createGenerator(writer)) {
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                generator.setCharacterEscapes(PythonEscapes.INSTANCE);
                generator.setPrettyPrinter(new MinimalPrettyPrinter() {
                    @Override
                    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
                        g.writeRaw(": ");
                    }

                    @Override
                    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
                        g.writeRaw(", ");
                    }
                });
                if (!toField(parser, "names")) {
                    throw new IOException("the result document has no names");
                }
                parser.nextToken();
                generator.copyCurrentStructure(parser);
                generator.writeRaw('\n');
            }
            writer.flush();
        }
    },
    csv {
        @Override
        void write(InputStream document, OutputStream out) throws IOException {
            Writer writer = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            // state last, so readers of the earlier five columns see no change; empty for an ACTIVE folder.
            writer.write("index,folderId,status,displayName,error,state\n");
            try (JsonParser parser = JSON.createParser(document)) {
                if (!toField(parser, "results")) {
                    throw new IOException("the result document has no results");
                }
                parser.nextToken(); // [
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode result = MAPPER.readTree(parser);
                    writer.write(result.path("index").asText() + "," + cell(result.path("folderId").asText()) + ","
                            + result.path("status").asText() + "," + cell(result.path("displayName").asText("")) + ","
                            + cell(result.path("error").asText("")) + "," + result.path("state").asText("") + "\n");
                }
            }
            writer.flush();
        }
    };

    /** Python's json.dumps escapes every non-ASCII UTF-16 unit as a lower-case \\uXXXX. */
    private static final class PythonEscapes extends CharacterEscapes {

        static final PythonEscapes INSTANCE = new PythonEscapes();
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch > 0x7F ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    abstract void write(InputStream document, OutputStream out) throws IOException;

    /** Moves the parser to the named top-level field; false if the document has none. */
    private static boolean toField(JsonParser parser, String name) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            if (name.equals(parser.currentName())) {
                return true;
            }
            parser.nextToken();
            parser.skipChildren();
        }
        return false;
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; a leading = + - @ cannot start a formula. */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
