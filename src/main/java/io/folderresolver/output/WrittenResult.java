package io.folderresolver.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A batch's complete result document, written under a hidden temporary name in the outbox, and the counts that
 * travel with it as Pub/Sub attributes.
 *
 * @param file         the complete document, not yet visible
 * @param fileName     the name it becomes visible under
 * @param failed       entries not RESOLVED, whatever their status
 * @param failedStatus entries with status FAILED: a transient error outlived the retries, asking later may work
 * @param firstFailure the error of the first of those, null when there is none
 */
public record WrittenResult(Path file, String fileName, String batchId, int total, int resolved, int failed,
        int failedStatus, String firstFailure) {

    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
