package io.folderresolver.output;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.folderresolver.batch.Batch;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;

/** How far one running batch has got: entries done by status, the rate since it started, and an estimate of the rest. */
public final class BatchProgress {

    private final Batch batch;
    private final long startedNanos;
    private final Map<FolderStatus, LongAdder> done = new EnumMap<>(FolderStatus.class);

    BatchProgress(Batch batch, long startedNanos) {
        this.batch = batch;
        this.startedNanos = startedNanos;
        for (FolderStatus status : FolderStatus.values()) {
            done.put(status, new LongAdder());
        }
    }

    public void record(FolderResult result) {
        done.get(result.status()).increment();
    }

    Batch batch() {
        return batch;
    }

    long done() {
        return done.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** At a moment: counts by status, entries per second since the start, and the time left at that rate. */
    Snapshot snapshot(long nowNanos) {
        Map<FolderStatus, Long> byStatus = new EnumMap<>(FolderStatus.class);
        done.forEach((status, count) -> {
            if (count.sum() > 0) {
                byStatus.put(status, count.sum());
            }
        });
        long finished = byStatus.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(1e-9, (nowNanos - startedNanos) / 1e9);
        double rate = finished / seconds;
        Duration eta = rate > 0 ? Duration.ofSeconds((long) Math.ceil((batch.total() - finished) / rate)) : null;
        return new Snapshot(batch.batchId(), batch.total(), finished, byStatus, rate, eta);
    }

    /** @param eta empty (null) until an entry is done */
    public record Snapshot(String batchId, int total, long done, Map<FolderStatus, Long> byStatus, double perSecond,
            Duration eta) {

        public String line() {
            return String.format("Batch %s: %,d of %,d done %s, %.1f/s, ETA %s", batchId, done, total, byStatus,
                    perSecond, eta == null ? "unknown" : eta.toString().substring(2).toLowerCase());
        }

        public long resolved() {
            return byStatus.getOrDefault(FolderStatus.RESOLVED, 0L);
        }
    }
}
