package io.folderresolver.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A batch's complete result document, written under a hidden temporary name in the outbox, and the counts that
 * travel with it as Pub/Sub attributes.
 *
 * @param file     the complete document, not yet visible
 * @param fileName the name it becomes visible under
 */
public record WrittenResult(Path file, String fileName, String batchId, int total, int resolved, int failed) {

    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole document, for a Pub/Sub message; refused beyond {@code maxBytes} (Pub/Sub's message limit). */
    public byte[] bytesAtMost(long maxBytes) {
        long size = size();
        if (size > maxBytes) {
            throw new IllegalStateException("the result of batch " + batchId + " is " + size
                    + " bytes, more than output.pubsub.max-message-bytes (" + maxBytes + ")");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
