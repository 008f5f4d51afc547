package io.folderresolver.output;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the outbox can be written, as the last write found it. After a failure the inbox is left alone for a
 * back-off (1 s, doubling to a minute), so a full disk is not hammered; the first write that succeeds clears it.
 * Readiness reads it ({@code outbox} check), and it counts failures.
 */
public final class OutboxState {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxState.class);
    private static final long FIRST_BACKOFF = Duration.ofSeconds(1).toNanos();
    private static final long LONGEST_BACKOFF = Duration.ofMinutes(1).toNanos();

    private final LongSupplier nanoTime;
    private final AtomicLong failures = new AtomicLong();
    private volatile String failure;
    private long backoff = FIRST_BACKOFF;
    private volatile long waitUntil;

    public OutboxState(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Counts failed writes in this registry (the service's, once it has one). */
    public void countIn(MeterRegistry meters) {
        FunctionCounter.builder("folder.resolver.outbox.write.failures", failures, AtomicLong::get)
                .description("Writes to the outbox that failed (no space, I/O error, permission)").register(meters);
    }

    /** A write to {@code path} failed: recorded (readiness, back-off, count), and the exception to throw. */
    OutboxUnwritableException unwritable(Path path, IOException cause) {
        OutboxUnwritableException unwritable = new OutboxUnwritableException(path, cause);
        failed(unwritable);
        return unwritable;
    }

    private synchronized void failed(OutboxUnwritableException e) {
        failures.incrementAndGet();
        if (failure == null) {
            LOG.warn("The outbox cannot be written: {}. Batches stay where they are (files in the inbox, messages "
                    + "unacked) and are taken again once it can", e.getMessage());
        }
        failure = e.getMessage();
        waitUntil = nanoTime.getAsLong() + backoff;
        backoff = Math.min(backoff * 2, LONGEST_BACKOFF);
    }

    synchronized void written() {
        if (failure != null) {
            LOG.warn("The outbox can be written again");
        }
        failure = null;
        backoff = FIRST_BACKOFF;
        waitUntil = 0;
    }

    /** What the last write met, while the outbox cannot be written. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** True while new batches should wait: a write failed and its back-off has not run out. */
    public boolean backingOff() {
        return failure != null && nanoTime.getAsLong() - waitUntil < 0;
    }
}
