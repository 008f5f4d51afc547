package io.folderresolver.resolver;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * A token bucket at the API quota, shared by every thread that calls the API, that finds the quota it really has:
 * at most {@code maxRate} calls per second, in bursts of at most {@code burst}. When the API answers
 * RESOURCE_EXHAUSTED (the quota is lower, or shared), the rate drops to {@value #DECREASE} of itself and the bucket
 * is emptied; refusals within a second of a drop are the same congestion and do not drop it again. Each full second
 * without a refusal adds back 1/{@value #FAST_RECOVERY_SECONDS} of {@code maxRate} while below {@value #CAUTION} of
 * the rate that was refused, then 1/{@value #SLOW_RECOVERY_SECONDS} of it, up to {@code maxRate}: additive increase,
 * multiplicative decrease, as TCP does, with a slow approach to where the last refusal came. Nothing is reserved
 * ahead: a token is taken only when it is there, so in any second no more than {@code rate + burst} calls get one,
 * around a change of rate too.
 */
public final class ApiRateLimiter {

    static final double DECREASE = 0.9;
    static final double CAUTION = 0.95;
    static final int FAST_RECOVERY_SECONDS = 20;
    static final int SLOW_RECOVERY_SECONDS = 200;
    private static final long SECOND = 1_000_000_000L;

    private final long maxRate;
    private final long burst;
    private final TimeMeter clock;
    private final Bucket bucket;
    private double rate;
    private double refusedRate;
    private long lastIncreaseNanos;
    private long lastDecreaseNanos;
    private boolean decreasedOnce;

    public ApiRateLimiter(long maxRate, long burst, TimeMeter clock) {
        if (maxRate < 1) {
            throw new IllegalArgumentException("resolver.rate must be at least 1 call per second, was " + maxRate);
        }
        if (burst < 1 || burst > maxRate) {
            throw new IllegalArgumentException(
                    "resolver.burst must be between 1 and resolver.rate (" + maxRate + "), was " + burst);
        }
        this.maxRate = maxRate;
        this.burst = burst;
        this.clock = clock;
        this.rate = maxRate;
        this.bucket = Bucket.builder().withCustomTimePrecision(clock).addLimit(limit -> limit
                .capacity(burst).refillGreedy(maxRate, Duration.ofSeconds(1))).build();
    }

    public static ApiRateLimiter systemClock(long maxRate, long burst) {
        return new ApiRateLimiter(maxRate, burst, TimeMeter.SYSTEM_NANOTIME);
    }

    /**
     * Waits for a token on the calling thread, for at most {@code maxWait}; false if none came in time. Nothing is
     * reserved while waiting, so a drop in rate applies at once to every waiter.
     */
    public boolean acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            recover();
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return true;
            }
            long wait = Math.max(probe.getNanosToWaitForRefill(), 1_000_000L);
            if (System.nanoTime() + wait - deadline > 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Takes a token if one is there now. */
    public boolean tryAcquire() {
        recover();
        return bucket.tryConsume(1);
    }

    /** The API said RESOURCE_EXHAUSTED: someone else shares the quota, or it is lower than configured. */
    public synchronized void refused() {
        long now = clock.currentTimeNanos();
        bucket.tryConsumeAsMuchAsPossible();
        if (decreasedOnce && now - lastDecreaseNanos < SECOND) {
            return;
        }
        decreasedOnce = true;
        lastDecreaseNanos = now;
        lastIncreaseNanos = now;
        refusedRate = rate;
        rate = Math.max(1.0, rate * DECREASE);
        bucket.replaceConfiguration(configuration(rate), TokensInheritanceStrategy.AS_IS);
    }

    /** Calls per second allowed now. */
    public synchronized double rate() {
        return rate;
    }

    public synchronized boolean isSlowedDown() {
        return rate < maxRate;
    }

    private synchronized void recover() {
        if (rate >= maxRate) {
            return;
        }
        long seconds = (clock.currentTimeNanos() - lastIncreaseNanos) / SECOND;
        if (seconds > 0) {
            lastIncreaseNanos += seconds * SECOND;
            for (long second = 0; second < seconds && rate < maxRate; second++) {
                boolean farBelowRefusal = rate < CAUTION * refusedRate;
                rate = Math.min(maxRate, rate + (double) maxRate / (farBelowRefusal ? FAST_RECOVERY_SECONDS : SLOW_RECOVERY_SECONDS));
            }
            bucket.replaceConfiguration(configuration(rate), TokensInheritanceStrategy.AS_IS);
        }
    }

    /** Fractional rates as tokens per 1,000 s; never more than {@code burst} at once, nor more than a second's worth. */
    private BucketConfiguration configuration(double callsPerSecond) {
        long capacity = Math.max(1, Math.min(burst, (long) Math.floor(callsPerSecond)));
        long perThousandSeconds = Math.max(1, Math.round(callsPerSecond * 1000));
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(perThousandSeconds, Duration.ofSeconds(1000)))
                .build();
    }
}
