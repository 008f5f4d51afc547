package io.folderresolver.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.Batch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches running now, for people watching long ones: a log line each per report, a WARN when one stops moving,
 * for file batches a small document {@code <outbox>/.progress/<result name>} replaced atomically on every report and
 * deleted when the batch ends, and the whole board as JSON ({@code /observe/batches}). Metrics are aggregates only
 * (batches running, stalled, entries left): a label from input (a batch ID) would add series without bound.
 */
public final class ProgressBoard {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBoard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path progressDir;
    private final LongSupplier nanoTime;
    private final long stallTimeoutNanos;
    private final Supplier<String> waitingFor;
    private final Set<BatchProgress> running = ConcurrentHashMap.newKeySet();

    /**
     * @param stallTimeout {@code output.stall-timeout}: a batch with entries left and none completed this long is stalled
     * @param waitingFor   what lookups wait for now (an outage, a fault in the set-up, the rate limit, ...), in words
     */
    public ProgressBoard(Path outbox, MeterRegistry meters, LongSupplier nanoTime, Duration stallTimeout,
            Supplier<String> waitingFor) {
        this.progressDir = outbox.resolve(".progress");
        this.nanoTime = nanoTime;
        this.stallTimeoutNanos = stallTimeout.toNanos();
        this.waitingFor = waitingFor;
        Gauge.builder("folder.resolver.batches.running", running, Set::size)
                .description("Batches being resolved now").register(meters);
        Gauge.builder("folder.resolver.batches.stalled", running,
                        batches -> batches.stream().filter(BatchProgress::stalled).count())
                .description("Running batches with entries left and none completed for output.stall-timeout")
                .register(meters);
        Gauge.builder("folder.resolver.batch.entries.remaining", running,
                        batches -> batches.stream().mapToLong(BatchProgress::remaining).sum())
                .description("Entries left in the running batches").register(meters);
    }

    public BatchProgress start(Batch batch) {
        BatchProgress progress = new BatchProgress(batch, nanoTime.getAsLong());
        running.add(progress);
        return progress;
    }

    /** The batch ended, whichever way: no more reports or progress document for it. */
    public synchronized void end(BatchProgress progress) throws IOException {
        if (progress == null || !running.remove(progress)) {
            return;
        }
        Files.deleteIfExists(progressFile(progress));
    }

    /** The running batches as JSON, for {@code /observe/batches}. */
    public String json() throws IOException {
        List<Map<String, Object>> batches = new java.util.ArrayList<>();
        for (BatchProgress.Snapshot snapshot : snapshots()) {
            Map<String, Object> batch = document(snapshot);
            batch.put("source", snapshot.source());
            batch.put("stalled", snapshot.stalled());
            batch.put("unmovingSeconds", snapshot.unmoving().toSeconds());
            if (snapshot.stalled()) {
                batch.put("waitingFor", waitingFor.get());
            }
            batches.add(batch);
        }
        return JSON.writeValueAsString(Map.of("batches", batches));
    }

    /** The running batches, now. */
    public List<BatchProgress.Snapshot> snapshots() {
        long now = nanoTime.getAsLong();
        return running.stream().map(progress -> progress.snapshot(now)).toList();
    }

    /** One line per running batch, and its progress document; one WARN when a batch stops moving. */
    public synchronized void report() throws IOException {
        long now = nanoTime.getAsLong();
        for (BatchProgress progress : running) {
            if (progress.observe(now, stallTimeoutNanos)) {
                BatchProgress.Snapshot stalled = progress.snapshot(now);
                LOG.warn("Batch {} from {} has had no entry completed for {} ({} of {} done, output.stall-timeout): "
                        + "waiting for {}", stalled.batchId(), stalled.source(), stalled.unmoving(), stalled.done(),
                        stalled.total(), waitingFor.get());
            }
            BatchProgress.Snapshot snapshot = progress.snapshot(now);
            LOG.info(snapshot.line());
            if (!progress.batch().source().startsWith("pubsub:")) {
                write(progress, snapshot);
            }
        }
    }

    private static Map<String, Object> document(BatchProgress.Snapshot snapshot) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("batchId", snapshot.batchId());
        document.put("total", snapshot.total());
        document.put("done", snapshot.done());
        document.put("statuses", snapshot.byStatus());
        document.put("perSecond", Math.round(snapshot.perSecond() * 10) / 10.0);
        document.put("etaSeconds", snapshot.eta() == null ? null : snapshot.eta().toSeconds());
        return document;
    }

    private void write(BatchProgress progress, BatchProgress.Snapshot snapshot) throws IOException {
        Map<String, Object> document = document(snapshot);
        Files.createDirectories(progressDir);
        Path target = progressFile(progress);
        Path partial = progressDir.resolve(".writing-" + target.getFileName());
        JSON.writeValue(partial.toFile(), document);
        // A reader sees the old document or the new one, never half of one (end() waits for this).
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path progressFile(BatchProgress progress) {
        return progressDir.resolve(progress.batch().resultFileName());
    }
}
