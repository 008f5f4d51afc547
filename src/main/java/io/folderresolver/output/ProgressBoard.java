package io.folderresolver.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.Batch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches running now, for people watching long ones: a log line each per report, gauges per batch, and for
 * file batches a small document {@code <outbox>/.progress/<result name>} replaced atomically on every report and
 * deleted when the batch ends.
 */
public final class ProgressBoard {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBoard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path progressDir;
    private final MeterRegistry meters;
    private final LongSupplier nanoTime;
    private final Set<BatchProgress> running = ConcurrentHashMap.newKeySet();
    private final Map<BatchProgress, Gauge[]> gauges = new ConcurrentHashMap<>();

    public ProgressBoard(Path outbox, MeterRegistry meters, LongSupplier nanoTime) {
        this.progressDir = outbox.resolve(".progress");
        this.meters = meters;
        this.nanoTime = nanoTime;
    }

    public BatchProgress start(Batch batch) {
        BatchProgress progress = new BatchProgress(batch, nanoTime.getAsLong());
        running.add(progress);
        gauges.put(progress, new Gauge[] {
            Gauge.builder("folder.resolver.batch.entries.done", progress, BatchProgress::done)
                    .tag("batch", batch.batchId()).register(meters),
            Gauge.builder("folder.resolver.batch.size", batch, Batch::total)
                    .tag("batch", batch.batchId()).register(meters)
        });
        return progress;
    }

    /** The batch ended, whichever way: no more reports, gauges or progress document for it. */
    public synchronized void end(BatchProgress progress) throws IOException {
        if (progress == null || !running.remove(progress)) {
            return;
        }
        for (Gauge gauge : gauges.remove(progress)) {
            meters.remove(gauge);
        }
        Files.deleteIfExists(progressFile(progress));
    }

    /** The running batches, now. */
    public List<BatchProgress.Snapshot> snapshots() {
        long now = nanoTime.getAsLong();
        return running.stream().map(progress -> progress.snapshot(now)).toList();
    }

    /** One line per running batch, and its progress document. */
    public synchronized void report() throws IOException {
        long now = nanoTime.getAsLong();
        for (BatchProgress progress : running) {
            BatchProgress.Snapshot snapshot = progress.snapshot(now);
            LOG.info(snapshot.line());
            if (!progress.batch().source().startsWith("pubsub:")) {
                write(progress, snapshot);
            }
        }
    }

    private void write(BatchProgress progress, BatchProgress.Snapshot snapshot) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("batchId", snapshot.batchId());
        document.put("total", snapshot.total());
        document.put("done", snapshot.done());
        document.put("statuses", snapshot.byStatus());
        document.put("perSecond", Math.round(snapshot.perSecond() * 10) / 10.0);
        document.put("etaSeconds", snapshot.eta() == null ? null : snapshot.eta().toSeconds());
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
