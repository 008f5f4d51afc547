package io.folderresolver.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A result document cut into Pub/Sub messages of at most {@code maxBytes} each. A document that fits is one part,
 * byte for byte. A larger one becomes parts that are each a valid result document: the same counts, a slice of
 * {@code results} (still in completion order) with the {@code names} of that slice, and {@code part} (1..n) and
 * {@code parts} (n). Read as a stream, one part in memory at a time.
 */
public final class ResultParts {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room for {@code "part"}, {@code "parts"} and the commas around slices. */
    private static final int ENVELOPE_BYTES = 64;

    private ResultParts() {
    }

    /** One part of a result, and where it stands. */
    public record Part(byte[] data, int part, int parts) {
    }

    public static Iterator<Part> of(WrittenResult result, long maxBytes) {
        long size = result.size();
        if (size <= maxBytes) {
            byte[] whole = read(result);
            return List.of(new Part(whole, 1, 1)).iterator();
        }
        List<Integer> resultsPerPart = planParts(result, maxBytes);
        return new Slices(result, resultsPerPart);
    }

    /** The header (everything before "results"), and a parser positioned at the first result. */
    private record Opened(ObjectNode header, JsonParser results) {
    }

    private static Opened open(WrittenResult result) throws IOException {
        JsonParser json = JSON.getFactory().createParser(Files.newInputStream(result.file()));
        ObjectNode header = JSON.createObjectNode();
        json.nextToken();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals("results")) {
                return new Opened(header, json);
            }
            header.set(field, JSON.readTree(json));
        }
        throw new IllegalStateException("result document " + result.file() + " has no results");
    }

    private static List<Integer> planParts(WrittenResult result, long maxBytes) {
        try {
            Opened opened = open(result);
            try (JsonParser json = opened.results()) {
                long room = maxBytes - JSON.writeValueAsBytes(opened.header()).length - ENVELOPE_BYTES;
                List<Integer> plan = new ArrayList<>();
                long used = 0;
                int inPart = 0;
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode entry = JSON.readTree(json);
                    long cost = JSON.writeValueAsBytes(entry).length + 1 + nameBytes(entry);
                    if (cost > room) {
                        throw new IllegalStateException("one result is larger than output.pubsub.max-message-bytes");
                    }
                    if (used + cost > room) {
                        plan.add(inPart);
                        used = 0;
                        inPart = 0;
                    }
                    used += cost;
                    inPart++;
                }
                plan.add(inPart);
                return plan;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long nameBytes(JsonNode entry) throws IOException {
        if (!"RESOLVED".equals(entry.path("status").asText())) {
            return 0;
        }
        return ResultDocument.nameKey(entry.get("index").asInt()).length() + 4
                + JSON.writeValueAsBytes(entry.get("displayName")).length;
    }

    private static byte[] read(WrittenResult result) {
        try {
            return Files.readAllBytes(result.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Slices implements Iterator<Part> {
        private final List<Integer> plan;
        private final ObjectNode header;
        private final JsonParser json;
        private int next;

        Slices(WrittenResult result, List<Integer> plan) {
            this.plan = plan;
            try {
                Opened opened = open(result);
                this.header = opened.header();
                this.json = opened.results();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            return next < plan.size();
        }

        @Override
        public Part next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int count = plan.get(next++);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : header.properties()) {
                    out.writeFieldName(field.getKey());
                    JSON.writeTree(out, field.getValue());
                }
                out.writeNumberField("part", next);
                out.writeNumberField("parts", plan.size());
                out.writeArrayFieldStart("results");
                Map<Integer, String> names = new TreeMap<>();
                for (int i = 0; i < count; i++) {
                    json.nextToken();
                    JsonNode entry = JSON.readTree(json);
                    JSON.writeTree(out, entry);
                    if ("RESOLVED".equals(entry.path("status").asText())) {
                        names.put(entry.get("index").asInt(), entry.get("displayName").asText());
                    }
                }
                out.writeEndArray();
                out.writeObjectFieldStart("names");
                for (Map.Entry<Integer, String> name : names.entrySet()) {
                    out.writeStringField(ResultDocument.nameKey(name.getKey()), name.getValue());
                }
                out.writeEndObject();
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!hasNext()) {
                close();
            }
            return new Part(bytes.toByteArray(), next, plan.size());
        }

        private void close() {
            try {
                json.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
