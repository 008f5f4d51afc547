package io.folderresolver.batch;

/**
 * How large a batch may be; beyond these it is refused as a whole, before any API call, with a reason naming the
 * limit. Fixed limits that no honest batch reaches (JSON nesting, number and string length, line length) keep
 * hostile input from costing memory.
 *
 * @param maxBatchBytes {@code ingest.max-batch-bytes}
 * @param maxEntries    {@code ingest.max-entries}
 */
public record BatchLimits(long maxBatchBytes, int maxEntries) {

    /** Deeper than any accepted shape needs (an object, its array, an entry). */
    public static final int MAX_JSON_NESTING = 64;
    /** A folder ID has at most 20 digits. */
    public static final int MAX_JSON_NUMBER_DIGITS = 100;
    /** Characters of one JSON string or one line of text. */
    public static final int MAX_TEXT_CHARS = 65_536;

    public BatchLimits {
        if (maxBatchBytes < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("ingest.max-batch-bytes and ingest.max-entries must be at least 1");
        }
    }
}
