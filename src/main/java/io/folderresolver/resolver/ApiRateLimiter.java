package io.folderresolver.resolver;

import java.time.Duration;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * A token bucket at the API quota, shared by every thread that calls the API: {@code ratePerSecond} calls per
 * second, bursts of at most {@code burst} calls (at most one second's worth). After the API answers
 * RESOURCE_EXHAUSTED, the bucket is emptied and runs at half rate for {@code slowDownFor}.
 */
public final class ApiRateLimiter {

    private final long ratePerSecond;
    private final long burst;
    private final Duration slowDownFor;
    private final TimeMeter clock;
    private final Bucket bucket;
    private long slowUntilNanos;
    private boolean slowed;

    public ApiRateLimiter(long ratePerSecond, long burst, Duration slowDownFor, TimeMeter clock) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("resolver.rate must be at least 1 call per second, was " + ratePerSecond);
        }
        if (burst < 1 || burst > ratePerSecond) {
            throw new IllegalArgumentException(
                    "resolver.burst must be between 1 and resolver.rate (" + ratePerSecond + "), was " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.slowDownFor = slowDownFor;
        this.clock = clock;
        this.bucket = Bucket.builder().withCustomTimePrecision(clock).addLimit(limit -> limit
                .capacity(burst).refillGreedy(ratePerSecond, Duration.ofSeconds(1))).build();
    }

    public static ApiRateLimiter systemClock(long ratePerSecond, long burst, Duration slowDownFor) {
        return new ApiRateLimiter(ratePerSecond, burst, slowDownFor, TimeMeter.SYSTEM_NANOTIME);
    }

    /** Waits for a token. */
    public void acquire() throws InterruptedException {
        restoreRateIfDue();
        bucket.asBlocking().consume(1, BlockingStrategy.PARKING);
    }

    /** Takes a token if one is there now. */
    public boolean tryAcquire() {
        restoreRateIfDue();
        return bucket.tryConsume(1);
    }

    /** The API said RESOURCE_EXHAUSTED: someone else shares the quota, or it is lower than configured. */
    public synchronized void slowDown() {
        slowUntilNanos = clock.currentTimeNanos() + slowDownFor.toNanos();
        if (!slowed) {
            slowed = true;
            bucket.replaceConfiguration(configuration(Math.max(1, ratePerSecond / 2)), TokensInheritanceStrategy.RESET);
        }
        bucket.tryConsumeAsMuchAsPossible();
    }

    public synchronized boolean isSlowedDown() {
        return slowed;
    }

    private synchronized void restoreRateIfDue() {
        if (slowed && clock.currentTimeNanos() - slowUntilNanos >= 0) {
            slowed = false;
            bucket.replaceConfiguration(configuration(ratePerSecond), TokensInheritanceStrategy.AS_IS);
        }
    }

    private BucketConfiguration configuration(long rate) {
        long capacity = Math.min(burst, rate);
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(rate, Duration.ofSeconds(1)))
                .build();
    }
}
