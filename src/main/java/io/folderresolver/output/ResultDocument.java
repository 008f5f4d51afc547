package io.folderresolver.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.Batch;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;

/**
 * One batch's result document, written as results complete: each result goes to a spool file at once (compact JSON,
 * one per line) and each display name to a {@link NameSpool} (for {@code names}, in index order), so memory holds
 * only the counts. {@link #finish} writes the document (counts first, then {@code results} in completion order,
 * copied from the spool as they are, then {@code names}) under a hidden temporary name. Results must be added one at
 * a time, as Camel's aggregation does.
 */
public final class ResultDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Batch batch;
    private final Path outbox;
    private final Clock clock;
    private final OutboxState state;
    private final String tempName;
    private final Path spool;
    private final OutputStream spoolWriter;
    private final NameSpool names;
    private final Map<FolderStatus, Integer> statuses = new EnumMap<>(FolderStatus.class);
    private int added;
    private String firstFailure;
    private boolean finished;

    ResultDocument(Batch batch, Path outbox, Clock clock, OutboxState state) {
        this.batch = batch;
        this.outbox = outbox;
        this.clock = clock;
        this.state = state;
        this.tempName = batch.resultFileName() + "-" + UUID.randomUUID();
        this.spool = outbox.resolve(ResultFiles.SPOOL_PREFIX + tempName);
        try {
            this.names = new NameSpool(outbox.resolve(ResultFiles.SPOOL_PREFIX + tempName + ".slots"),
                    outbox.resolve(ResultFiles.SPOOL_PREFIX + tempName + ".names"), batch.total());
            this.spoolWriter = new BufferedOutputStream(Files.newOutputStream(spool));
        } catch (IOException e) {
            throw state.unwritable(spool, e);
        }
    }

    /** From the split's aggregation and from {@link KnownResults} as the split reads entries: two callers, one at a time. */
    public synchronized void add(FolderResult result) {
        try {
            spoolWriter.write(added == 0 ? INDENT : SEPARATOR);
            spoolWriter.write(JSON.writeValueAsBytes(result));
            if (result.status() == FolderStatus.RESOLVED) {
                names.put(result.index(), result.displayName());
            }
        } catch (IOException e) {
            throw state.unwritable(spool, e);
        }
        statuses.merge(result.status(), 1, Integer::sum);
        if (result.status() == FolderStatus.FAILED && firstFailure == null) {
            firstFailure = result.error();
        }
        added++;
    }

    private static final byte[] INDENT = "    ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEPARATOR = ",\n    ".getBytes(StandardCharsets.UTF_8);

    public synchronized WrittenResult finish() {
        if (added != batch.total()) {
            throw new IllegalStateException("batch " + batch.batchId() + " has " + batch.total()
                    + " entries but " + added + " results");
        }
        Path document = outbox.resolve(ResultFiles.WRITING_PREFIX + tempName);
        Instant completedAt = clock.instant();
        int resolved = statuses.getOrDefault(FolderStatus.RESOLVED, 0);
        try {
            spoolWriter.close();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(document))) {
                write(out, "{\n");
                field(out, "batchId", batch.batchId());
                field(out, "source", batch.source());
                field(out, "receivedAt", batch.receivedAt().toString());
                field(out, "completedAt", completedAt.toString());
                field(out, "durationMillis", Duration.between(batch.receivedAt(), completedAt).toMillis());
                field(out, "total", batch.total());
                field(out, "resolved", resolved);
                field(out, "failed", batch.total() - resolved);
                field(out, "statuses", statuses);
                write(out, "  \"results\" : [\n");
                Files.copy(spool, out);
                write(out, "\n  ],\n  \"names\" : {");
                boolean[] first = { true };
                names.forEachInIndexOrder((name, index) -> {
                    try {
                        write(out, (first[0] ? "\n    " : ",\n    ") + "\"" + nameKey(index) + "\" : "
                                + JSON.writeValueAsString(name));
                        first[0] = false;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                write(out, ResultFiles.ENDING);
            }
            // On the disk before it can become visible: a power loss must not leave a visible result half there.
            try (FileChannel channel = FileChannel.open(document, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.deleteIfExists(spool);
            names.close();
        } catch (IOException e) {
            throw state.unwritable(document, e);
        }
        state.written();
        finished = true;
        return new WrittenResult(document, batch.resultFileName(), batch.batchId(), batch.total(), resolved,
                batch.total() - resolved, statuses.getOrDefault(FolderStatus.FAILED, 0), firstFailure);
    }

    /**
     * The batch ended, whichever way: what was spooled goes, and so does the document if it was not finished (a
     * finished one is delivery's to place and discard). Idempotent; a result added after this fails.
     */
    public synchronized void discardSpool() {
        closeQuietly(spoolWriter);
        closeQuietly(names);
        try {
            Files.deleteIfExists(spool);
            if (!finished) {
                Files.deleteIfExists(outbox.resolve(ResultFiles.WRITING_PREFIX + tempName));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the spool of batch " + batch.batchId(), e);
        }
    }

    /** Closing flushes what was buffered, which a full disk refuses; the content is thrown away anyway. */
    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // discarded
        }
    }

    /** The old script's key for an entry's name in {@code names}. */
    static String nameKey(int index) {
        return "folder_" + index + "_name";
    }

    private static void field(OutputStream out, String name, Object value) throws IOException {
        write(out, "  \"" + name + "\" : " + JSON.writeValueAsString(value) + ",\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
