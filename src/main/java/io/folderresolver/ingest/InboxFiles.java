package io.folderresolver.ingest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

import io.folderresolver.batch.BatchInput;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the file route needs to know about a file it took: its batch input, and a safe name to archive it under.
 * At start-up it deletes the hidden {@code .writing-*} files a crash left in the inbox and its error folder (reason
 * files and the demo's sample being copied in): they are ours, and never complete.
 */
public final class InboxFiles {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);
    private static final String WRITING_PREFIX = ".writing-";

    /** Leaves room in a 255-byte name for the time stamp and {@code .reason.txt}. */
    static final int MAX_ARCHIVED_NAME_BYTES = 200;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    public InboxFiles(Path inbox, Clock clock) {
        this.clock = clock;
        deleteStaleTemporaries(inbox);
        deleteStaleTemporaries(inbox.resolve("error"));
    }

    private static void deleteStaleTemporaries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path stale : files.filter(file -> file.getFileName().toString().startsWith(WRITING_PREFIX)).toList()) {
                Files.deleteIfExists(stale);
                LOG.info("Deleted {}, left unfinished by an earlier run", stale);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + dir, e);
        }
    }

    public BatchInput batchInput(@Body GenericFile<File> file) throws IOException {
        return BatchInput.ofFile(file.getFile().toPath());
    }

    /**
     * The time, then the name with control characters, slashes and backslashes replaced and cut to fit, so
     * archiving works for any name and two files of the same name never collide.
     */
    public String archivedName(@Header(Exchange.FILE_NAME_ONLY) String name) {
        String safe = name.replaceAll("[\\p{Cntrl}/\\\\]", "_");
        while (safe.getBytes(StandardCharsets.UTF_8).length > MAX_ARCHIVED_NAME_BYTES) {
            safe = safe.substring(0, safe.offsetByCodePoints(safe.length(), -1));
        }
        return STAMP.format(clock.instant()) + "-" + safe;
    }
}
