package io.folderresolver.batch;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.common.collect.AbstractIterator;

/** The entries of a JSON batch, read one at a time from a parser positioned inside the entries array. */
final class JsonEntries extends AbstractIterator<BatchEntry> implements BatchParser.CloseableEntries {

    /** An INVALID entry echoes at most this much of what it was. */
    private static final int RAW_ECHO_CHARS = 100;

    private static final JsonFactory ECHO = new JsonFactory();

    private final JsonParser json;
    private int index;

    JsonEntries(JsonParser json) {
        this.json = json;
    }

    @Override
    protected BatchEntry computeNext() {
        try {
            JsonToken token = json.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                return endOfData();
            }
            int at = index++;
            return switch (token) {
                case VALUE_STRING -> FolderIds.entry(at, json.getText());
                case VALUE_NUMBER_INT -> FolderIds.entry(at, json.getText());
                case VALUE_NULL -> BatchEntry.invalid(at, "null", "expected a string or a whole number, got null");
                case VALUE_TRUE, VALUE_FALSE -> BatchEntry.invalid(at, json.getText(),
                        "expected a string or a whole number, got boolean");
                case VALUE_NUMBER_FLOAT -> BatchEntry.invalid(at, json.getText(),
                        "expected a string or a whole number, got number");
                case START_ARRAY -> BatchEntry.invalid(at, echo(), "expected a string or a whole number, got array");
                case START_OBJECT -> BatchEntry.invalid(at, echo(), "expected a string or a whole number, got object");
                default -> throw new IllegalStateException("unexpected JSON token " + token);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The array or object at the parser, as compact JSON, cut short if long. */
    private String echo() throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator copy = ECHO.createGenerator(text)) {
            // Copy token by token and stop once the echo is long enough; skip the rest.
            int depth = 0;
            JsonToken token = json.currentToken();
            do {
                if (text.getBuffer().length() < RAW_ECHO_CHARS) {
                    copy.copyCurrentEvent(json);
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                if (depth == 0) {
                    break;
                }
                token = json.nextToken();
            } while (token != null);
        }
        String echoed = text.toString();
        return echoed.length() > RAW_ECHO_CHARS ? echoed.substring(0, RAW_ECHO_CHARS) + "…" : echoed;
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
