package io.folderresolver.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.folderresolver.Leftovers;
import io.folderresolver.batch.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: result documents are written under hidden temporary names and become visible by a link that never
 * replaces an existing file, so a visible result is always complete and there is at most one per name. It is
 * ours alone (one service per outbox): temporaries found at start-up are left by a crash and deleted.
 */
public final class ResultFiles {

    static final String SPOOL_PREFIX = ".spool-";
    static final String WRITING_PREFIX = ".writing-";

    private static final Logger LOG = LoggerFactory.getLogger(ResultFiles.class);

    private final Path outbox;
    private final Clock clock;

    public ResultFiles(Path outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
        try {
            Files.createDirectories(outbox);
            Leftovers.delete(outbox, List.of(SPOOL_PREFIX, WRITING_PREFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the outbox " + outbox, e);
        }
    }

    /** True when this batch's result is already out: the batch was done before a crash or a redelivery. */
    public boolean exists(Batch batch) {
        return Files.exists(outbox.resolve(batch.resultFileName()));
    }

    /** Starts the result document of a batch. */
    public ResultDocument open(Batch batch) {
        return new ResultDocument(batch, outbox, clock);
    }

    /** Removes what a batch spooled, however it ended (see {@link ResultDocument#discardSpool()}). */
    public void discardSpool(ResultDocument document) {
        document.discardSpool();
    }

    /** Makes the document visible under its name; one already there is kept, never replaced. */
    public void place(WrittenResult result) throws IOException {
        Path visible = outbox.resolve(result.fileName());
        try {
            Files.createLink(visible, result.file());
        } catch (FileAlreadyExistsException e) {
            LOG.warn("Result {} already exists; kept it, dropped the new one", result.fileName());
        } catch (UnsupportedOperationException e) {
            Files.move(result.file(), visible); // no hard links here: a move that still refuses to replace
        }
    }

    /** Deletes the temporary document once it was published and placed (or failed to be). */
    public void discard(WrittenResult result) throws IOException {
        Files.deleteIfExists(result.file());
    }
}
