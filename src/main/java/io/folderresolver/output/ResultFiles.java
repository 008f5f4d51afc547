package io.folderresolver.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import io.folderresolver.Leftovers;
import io.folderresolver.batch.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: result documents are written under hidden temporary names, forced to the disk, and become visible by a
 * link that never replaces an existing file (the directory forced after it), so a visible result is complete and
 * there is at most one per name. It is ours alone (one service per outbox): temporaries found at start-up are left by
 * a crash and deleted, and so is a visible result cut short (a power loss where the disk lied about the order of
 * writes), at start-up or when its batch comes again: that batch is resolved again.
 */
public final class ResultFiles {

    static final String SPOOL_PREFIX = ".spool-";
    static final String WRITING_PREFIX = ".writing-";
    /** How every complete result document ends: a visible file that does not was cut short (a power loss). */
    static final String ENDING = "\n  }\n}\n";
    private static final byte[] ENDING_BYTES = ENDING.getBytes(StandardCharsets.UTF_8);

    private static final Logger LOG = LoggerFactory.getLogger(ResultFiles.class);

    private final Path outbox;
    private final Clock clock;
    private final OutboxState state;

    /** With a state of its own (nothing reads it): for tests and the one-shot command's private outbox. */
    public ResultFiles(Path outbox, Clock clock) {
        this(outbox, clock, new OutboxState(System::nanoTime));
    }

    public ResultFiles(Path outbox, Clock clock, OutboxState state) {
        this.outbox = outbox;
        this.clock = clock;
        this.state = state;
        try {
            Files.createDirectories(outbox);
            Leftovers.delete(outbox, List.of(SPOOL_PREFIX, WRITING_PREFIX));
            deleteIncompleteResults();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the outbox " + outbox, e);
        }
    }

    /**
     * True when this batch's result is already out, complete: the batch was done before a crash or a redelivery. A
     * result cut short (a power loss after it became visible, before all of it reached the disk) is deleted and the
     * batch resolved again.
     */
    public boolean exists(Batch batch) {
        Path visible = outbox.resolve(batch.resultFileName());
        if (!Files.exists(visible)) {
            return false;
        }
        if (complete(visible)) {
            return true;
        }
        deleteIncomplete(visible);
        return false;
    }

    /** At start: no visible result that was cut short is taken for done by anyone reading the outbox. */
    private void deleteIncompleteResults() throws IOException {
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(".")).toList()) {
                if (!complete(file)) {
                    deleteIncomplete(file);
                }
            }
        }
    }

    private static boolean complete(Path result) {
        try (FileChannel channel = FileChannel.open(result, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < ENDING_BYTES.length) {
                return false;
            }
            ByteBuffer tail = ByteBuffer.allocate(ENDING_BYTES.length);
            while (tail.hasRemaining() && channel.read(tail, size - ENDING_BYTES.length + tail.position()) >= 0) {
                // read the whole tail
            }
            return java.util.Arrays.equals(tail.array(), ENDING_BYTES);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteIncomplete(Path result) {
        try {
            LOG.warn("Result {} is incomplete ({} bytes; cut short by a power loss?): deleted, its batch is resolved "
                    + "again", result.getFileName(), Files.size(result));
            Files.deleteIfExists(result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the incomplete result " + result, e);
        }
    }

    /** Starts the result document of a batch. */
    public ResultDocument open(Batch batch) {
        return new ResultDocument(batch, outbox, clock, state);
    }

    /** Removes what a batch spooled, however it ended (see {@link ResultDocument#discardSpool()}). */
    public void discardSpool(ResultDocument document) {
        document.discardSpool();
    }

    /** Makes the document visible under its name; one already there is kept, never replaced. */
    public void place(WrittenResult result) {
        Path visible = outbox.resolve(result.fileName());
        try {
            try {
                Files.createLink(visible, result.file());
            } catch (FileAlreadyExistsException e) {
                LOG.warn("Result {} already exists; kept it, dropped the new one", result.fileName());
            } catch (UnsupportedOperationException e) {
                Files.move(result.file(), visible); // no hard links here: a move that still refuses to replace
            }
            // The new name on the disk too, before the input is archived.
            try (FileChannel directory = FileChannel.open(outbox, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw state.unwritable(visible, e);
        }
        state.written();
    }

    /** Deletes the temporary document once it was published and placed (or failed to be). */
    public void discard(WrittenResult result) throws IOException {
        Files.deleteIfExists(result.file());
    }
}
