package io.folderresolver.batch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A parsed batch: where it came from, its ID, and its entries in input order. */
public record Batch(String batchId, String source, Instant receivedAt, List<BatchEntry> entries) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * The name of this batch's result file: the batch ID made safe for any file system (it may come from the
     * sender), then the time it was received, so a later batch with the same ID never overwrites this one.
     */
    public String resultFileName() {
        String safeId = batchId.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        if (safeId.length() > 100) {
            safeId = safeId.substring(0, 100);
        }
        return safeId + "-" + STAMP.format(receivedAt) + ".json";
    }
}
