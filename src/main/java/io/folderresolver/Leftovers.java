package io.folderresolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the half-written files a crashed run left behind: hidden temporaries with our prefixes are never
 * complete once the run that wrote them is gone. One service per folder, so at start-up they are all stale.
 */
public final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /** Deletes the files in {@code dir} whose names start with one of {@code prefixes}; a missing folder is fine. */
    public static void delete(Path dir, List<String> prefixes) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> stale = files.filter(file -> prefixes.stream()
                    .anyMatch(prefix -> file.getFileName().toString().startsWith(prefix))).toList();
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
            if (!stale.isEmpty()) {
                LOG.info("Deleted {} unfinished file(s) an earlier run left in {}", stale.size(), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + dir, e);
        }
    }
}
