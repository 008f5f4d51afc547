package io.folderresolver.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writing to the outbox failed (no space, an I/O error, no permission): the environment's fault, not the batch's. The
 * batch is not rejected: a file stays in the inbox to be taken again, a Pub/Sub message is nacked, never dead-lettered.
 */
public final class OutboxUnwritableException extends UncheckedIOException {

    OutboxUnwritableException(Path path, IOException cause) {
        super("cannot write " + path + " (" + cause + "); " + space(path), cause);
    }

    /** Free space where the path is, in words; the folder's when the file is gone. */
    static String space(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        try {
            var store = Files.getFileStore(dir);
            return String.format("%,d bytes free of %,d on that file system", store.getUsableSpace(), store.getTotalSpace());
        } catch (IOException | RuntimeException e) {
            return "free space unknown";
        }
    }
}
