package io.folderresolver.output;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.folderresolver.batch.Batch;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;

/**
 * How far one running batch has got: entries done by status, the rate since it started, an estimate of the rest, and
 * whether it has stopped moving (entries left, none completed for the stall timeout, as seen at reports).
 */
public final class BatchProgress {

    private final Batch batch;
    private final long startedNanos;
    private final Map<FolderStatus, LongAdder> done = new EnumMap<>(FolderStatus.class);
    /** Entries done when last observed, and when that count last moved. */
    private long observedDone;
    private long movedNanos;
    private boolean stalled;

    BatchProgress(Batch batch, long startedNanos) {
        this.batch = batch;
        this.startedNanos = startedNanos;
        this.movedNanos = startedNanos;
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

    /**
     * Looks at the batch at a report: stalled once entries are left and the count done has not moved for
     * {@code stallTimeoutNanos}; moving again clears it.
     *
     * @return true if it has just become stalled
     */
    synchronized boolean observe(long nowNanos, long stallTimeoutNanos) {
        long now = done();
        if (now != observedDone) {
            observedDone = now;
            movedNanos = nowNanos;
            stalled = false;
            return false;
        }
        boolean wasStalled = stalled;
        stalled = now < batch.total() && nowNanos - movedNanos >= stallTimeoutNanos;
        return stalled && !wasStalled;
    }

    synchronized boolean stalled() {
        return stalled;
    }

    long remaining() {
        return batch.total() - done();
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
        boolean isStalled;
        long moved;
        synchronized (this) {
            isStalled = stalled;
            moved = movedNanos;
        }
        return new Snapshot(batch.batchId(), batch.source(), batch.total(), finished, byStatus, rate, eta, isStalled,
                Duration.ofNanos(Math.max(0, nowNanos - moved)));
    }

    /**
     * @param eta      empty (null) until an entry is done
     * @param stalled  entries left and none completed for the stall timeout
     * @param unmoving since when the count done last moved, as seen at reports
     */
    public record Snapshot(String batchId, String source, int total, long done, Map<FolderStatus, Long> byStatus,
            double perSecond, Duration eta, boolean stalled, Duration unmoving) {

        public String line() {
            return String.format("Batch %s: %,d of %,d done %s, %.1f/s, ETA %s", batchId, done, total, byStatus,
                    perSecond, eta == null ? "unknown" : eta.toString().substring(2).toLowerCase());
        }

        public long resolved() {
            return byStatus.getOrDefault(FolderStatus.RESOLVED, 0L);
        }
    }
}
