package io.folderresolver.batch;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Iterator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Reads a batch in any of the three accepted shapes: a JSON array of IDs, a JSON object
 * {@code {"batchId": ..., "folderIds": [...]}}, or UTF-8 text with one ID per line ({@code #} comments and blank
 * lines skipped). An entry that is not a folder ID becomes INVALID; only a batch that cannot be read at all
 * raises {@link UnreadableBatchException}.
 * <p>
 * Two passes, both streaming, so memory does not grow with the batch: {@link #scan} reads it whole to find every
 * batch-level problem before any API call, its batch ID, entry count and fingerprint; {@link #entries} then hands
 * out the entries one at a time.
 */
public final class BatchParser {

    static final int MAX_BATCH_ID_LENGTH = 200;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(BatchLimits.MAX_JSON_NESTING)
                    .maxNumberLength(BatchLimits.MAX_JSON_NUMBER_DIGITS)
                    .maxStringLength(BatchLimits.MAX_TEXT_CHARS)
                    .build())
            .build();

    private final Clock clock;
    private final BatchLimits limits;

    public BatchParser(Clock clock, BatchLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** Reads the whole batch once: everything that makes it unreadable is found here. */
    public Batch scan(BatchInput input) {
        if (input.length() > limits.maxBatchBytes()) {
            throw new UnreadableBatchException("the batch is " + input.length() + " bytes, more than ingest.max-batch-bytes ("
                    + limits.maxBatchBytes() + ")");
        }
        MessageDigest digest = sha256();
        digest.update((input.identity() + "\n").getBytes(StandardCharsets.UTF_8));
        try (InputStream content = new BufferedInputStream(new DigestInputStream(input.open(), digest))) {
            boolean json = startsWithJson(content);
            String batchId = input.defaultBatchId();
            int total;
            if (json) {
                JsonScan scan = scanJson(content, input.defaultBatchId());
                batchId = scan.batchId();
                total = scan.total();
            } else {
                total = scanText(content);
            }
            content.transferTo(OutputStream.nullOutputStream());
            String fingerprint = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            return new Batch(batchId, input.source(), clock.instant(), total, fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input.source(), e);
        }
    }

    /** The entries of a batch {@link #scan} accepted, in input order, read as they are asked for. Close it. */
    public CloseableEntries entries(BatchInput input) {
        try {
            InputStream content = new BufferedInputStream(input.open());
            if (startsWithJson(content)) {
                return new JsonEntries(openAtFolderIds(content));
            }
            return new TextEntries(new BoundedLines(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input.source(), e);
        }
    }

    /** Entries read lazily; Camel's splitter closes it when the split ends. */
    public interface CloseableEntries extends Iterator<BatchEntry>, Closeable {
    }

    private record JsonScan(String batchId, int total) {
    }

    private JsonScan scanJson(InputStream content, String defaultBatchId) throws IOException {
        try (JsonParser json = JSON.createParser(content)) {
            json.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE); // the fingerprint reads on to the end
            JsonToken root = json.nextToken();
            String batchId = defaultBatchId;
            int total = -1;
            if (root == JsonToken.START_ARRAY) {
                total = countEntries(json);
            } else {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    JsonToken value = json.nextToken();
                    if (field.equals("folderIds")) {
                        if (value != JsonToken.START_ARRAY) {
                            throw new UnreadableBatchException("\"folderIds\" is not an array");
                        }
                        total = countEntries(json);
                    } else if (field.equals("batchId")) {
                        batchId = batchIdOf(json, value, defaultBatchId);
                    } else {
                        json.skipChildren();
                    }
                }
                if (total < 0) {
                    throw new UnreadableBatchException("JSON object without a \"folderIds\" array");
                }
            }
            if (json.nextToken() != null) {
                throw new UnreadableBatchException("broken JSON: content after the end of the document at "
                        + position(json));
            }
            return new JsonScan(batchId, total);
        } catch (StreamConstraintsException e) {
            throw new UnreadableBatchException(beyondLimit(e), e);
        } catch (JsonProcessingException e) {
            throw new UnreadableBatchException("broken JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()), e);
        }
    }

    private int countEntries(JsonParser json) throws IOException {
        int count = 0;
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_STRING) {
                json.getText(); // reads the whole string, so its length limit applies now
            }
            json.skipChildren();
            count = counted(count);
        }
        return count;
    }

    private int scanText(InputStream content) throws IOException {
        BoundedLines lines = new BoundedLines(content);
        int count = 0;
        String line;
        while ((line = lines.next()) != null) {
            if (line.indexOf('\0') >= 0) {
                throw new UnreadableBatchException("binary content (NUL bytes): expected JSON or one folder ID per line");
            }
            if (isEntry(line.strip())) {
                count = counted(count);
            }
        }
        return count;
    }

    private int counted(int count) {
        if (count >= limits.maxEntries()) {
            throw new UnreadableBatchException("more than ingest.max-entries (" + limits.maxEntries() + ") entries");
        }
        return count + 1;
    }

    /** A text line is an entry unless blank or a {@code #} comment: the scan's count and the entries agree by this. */
    static boolean isEntry(String trimmedLine) {
        return !trimmedLine.isEmpty() && !trimmedLine.startsWith("#");
    }

    private static String batchIdOf(JsonParser json, JsonToken value, String defaultBatchId) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return defaultBatchId;
        }
        String text = value == JsonToken.VALUE_STRING ? json.getText() : null;
        if (text == null || text.isBlank() || text.length() > MAX_BATCH_ID_LENGTH) {
            json.skipChildren();
            throw new UnreadableBatchException("\"batchId\" must be a non-empty string of at most "
                    + MAX_BATCH_ID_LENGTH + " characters");
        }
        return text;
    }

    /** Jackson names its own setting; ours says what the batch did and which limit it met. */
    private static String beyondLimit(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Number value length")) {
            return "a JSON number longer than " + BatchLimits.MAX_JSON_NUMBER_DIGITS + " digits (folder IDs have at most 20)";
        }
        if (message.startsWith("String value length")) {
            return "a JSON string longer than " + BatchLimits.MAX_TEXT_CHARS + " characters";
        }
        if (message.startsWith("Document nesting depth")) {
            return "JSON nested deeper than " + BatchLimits.MAX_JSON_NESTING + " levels";
        }
        return "beyond the input limits: " + message;
    }

    private static String position(JsonParser json) {
        return "line " + json.currentLocation().getLineNr() + ", column " + json.currentLocation().getColumnNr();
    }

    /** A parser positioned just inside the entries array (the root array, or the object's "folderIds"). */
    private static JsonParser openAtFolderIds(InputStream content) throws IOException {
        JsonParser json = JSON.createParser(content);
        if (json.nextToken() == JsonToken.START_ARRAY) {
            return json;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals("folderIds")) {
                return json;
            }
            json.skipChildren();
        }
        json.close();
        throw new IllegalStateException("the batch changed after it was scanned: no \"folderIds\" any more");
    }

    /** Peeks past an optional byte order mark and some white space: JSON starts with [ or {. */
    private static boolean startsWithJson(InputStream content) throws IOException {
        int peekLimit = 64 * 1024;
        content.mark(peekLimit);
        try {
            int b = content.read();
            if (b == 0xEF && content.read() == 0xBB && content.read() == 0xBF) {
                b = content.read();
            }
            for (int peeked = 4; peeked < peekLimit && (b == ' ' || b == '\t' || b == '\r' || b == '\n'); peeked++) {
                b = content.read();
            }
            return b == '[' || b == '{';
        } finally {
            content.reset();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
