package io.folderresolver.batch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a batch in any of the three accepted shapes: a JSON array of IDs, a JSON object
 * {@code {"batchId": ..., "folderIds": [...]}}, or plain text with one ID per line ({@code #} comments and blank
 * lines skipped). An entry that is not a folder ID becomes INVALID; only a batch that cannot be read at all
 * raises {@link UnreadableBatchException}.
 */
public final class BatchParser {

    static final int MAX_BATCH_ID_LENGTH = 200;

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Clock clock;

    public BatchParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param content        the batch as received
     * @param source         where it came from, e.g. {@code file:ids.txt}
     * @param defaultBatchId the batch ID when the content names none
     */
    public Batch parse(byte[] content, String source, String defaultBatchId) {
        String text = decodeUtf8(content);
        if (text.indexOf('\0') >= 0) {
            throw new UnreadableBatchException("binary content (NUL bytes): expected JSON or one folder ID per line");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            return parseJson(trimmed, source, defaultBatchId);
        }
        return new Batch(defaultBatchId, source, clock.instant(), parseLines(text));
    }

    private Batch parseJson(String text, String source, String defaultBatchId) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnreadableBatchException("broken JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
        if (root.isArray()) {
            return new Batch(defaultBatchId, source, clock.instant(), entriesOf(root));
        }
        JsonNode folderIds = root.get("folderIds");
        if (folderIds == null || !folderIds.isArray()) {
            throw new UnreadableBatchException("JSON object without a \"folderIds\" array");
        }
        return new Batch(batchIdOf(root.get("batchId"), defaultBatchId), source, clock.instant(), entriesOf(folderIds));
    }

    private static String batchIdOf(JsonNode batchId, String defaultBatchId) {
        if (batchId == null || batchId.isNull()) {
            return defaultBatchId;
        }
        if (!batchId.isTextual() || batchId.asText().isBlank() || batchId.asText().length() > MAX_BATCH_ID_LENGTH) {
            throw new UnreadableBatchException("\"batchId\" must be a non-empty string of at most "
                    + MAX_BATCH_ID_LENGTH + " characters");
        }
        return batchId.asText();
    }

    private static List<BatchEntry> entriesOf(JsonNode array) {
        List<BatchEntry> entries = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            JsonNode item = array.get(index);
            if (item.isTextual()) {
                entries.add(FolderIds.entry(index, item.asText()));
            } else if (item.isIntegralNumber()) {
                entries.add(FolderIds.entry(index, item.bigIntegerValue().toString()));
            } else {
                entries.add(BatchEntry.invalid(index, item.toString(),
                        "expected a string or a whole number, got " + item.getNodeType().name().toLowerCase()));
            }
        }
        return entries;
    }

    private static List<BatchEntry> parseLines(String text) {
        List<BatchEntry> entries = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                entries.add(FolderIds.entry(entries.size(), trimmed));
            }
        }
        return entries;
    }

    private static String decodeUtf8(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UnreadableBatchException("not UTF-8 text", e);
        }
    }
}
