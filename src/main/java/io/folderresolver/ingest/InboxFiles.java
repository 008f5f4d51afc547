package io.folderresolver.ingest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.folderresolver.Leftovers;
import io.folderresolver.batch.BatchInput;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.file.GenericFile;

/**
 * What the file route needs to know about a file it took: its batch input, and a safe name to archive it under.
 * At start-up it deletes the hidden {@code .writing-*} files a crash left in the inbox and its error folder (reason
 * files and the demo's sample being copied in): they are ours, and never complete.
 */
public final class InboxFiles {

    private static final String WRITING_PREFIX = ".writing-";

    /** Leaves room in a 255-byte name for the time stamp and {@code .reason.txt}. */
    static final int MAX_ARCHIVED_NAME_BYTES = 200;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    public InboxFiles(Path inbox, Clock clock) {
        this.clock = clock;
        Leftovers.delete(inbox, List.of(WRITING_PREFIX));
        Leftovers.delete(inbox.resolve("error"), List.of(WRITING_PREFIX));
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
