package io.folderresolver.batch;

import java.time.Instant;

/**
 * A batch that was read whole and found readable: where it came from, its ID, how many entries it has, and its
 * fingerprint (a hash of its identity and content). Its entries are read again, as a stream, when it is resolved.
 */
public record Batch(String batchId, String source, Instant receivedAt, int total, String fingerprint) {

    /**
     * The name of this batch's result file: the batch ID made safe for any file system (it may come from the
     * sender), then the fingerprint. The same input delivered again after a crash gets the same name, so it never
     * yields a second result; another file, or the same file dropped again later, gets its own.
     */
    public String resultFileName() {
        String safeId = batchId.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        if (safeId.length() > 100) {
            safeId = safeId.substring(0, 100);
        }
        return safeId + "-" + fingerprint + ".json";
    }
}
