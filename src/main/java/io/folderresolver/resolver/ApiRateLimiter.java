package io.folderresolver.resolver;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * A token bucket at the API quota, shared by every thread that calls the API, that finds the quota it really has:
 * at most {@code maxRate} calls per second, in bursts of at most {@code burst}, at the {@link AdaptiveRate} the API's
 * answers lead to. When the API answers RESOURCE_EXHAUSTED the bucket is also emptied. Nothing is reserved ahead:
 * a token is taken only when it is there, so in any second no more than {@code rate + burst} calls get one, around a
 * change of rate too.
 */
public final class ApiRateLimiter implements CallQuota {

    private final long burst;
    private final TimeMeter clock;
    private final Bucket bucket;
    private final AdaptiveRate rate;

    public ApiRateLimiter(long maxRate, long burst, TimeMeter clock) {
        this(checked(maxRate, burst), burst, clock);
    }

    private ApiRateLimiter(double maxRate, long burst, TimeMeter clock) {
        this.burst = burst;
        this.clock = clock;
        this.rate = new AdaptiveRate(maxRate);
        this.bucket = Bucket.builder().withCustomTimePrecision(clock).addLimit(configuration(maxRate, burst)
                .getBandwidths()[0]).build();
    }

    /**
     * For an API whose quota Google counts per minute (Cloud Asset Inventory): {@code callsPerMinute} spread evenly,
     * one call at a time.
     */
    public static ApiRateLimiter perMinute(long callsPerMinute, TimeMeter clock) {
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("a rate per minute must be at least 1, was " + callsPerMinute);
        }
        return new ApiRateLimiter(callsPerMinute / 60.0, 1, clock);
    }

    private static double checked(long maxRate, long burst) {
        if (maxRate < 1) {
            throw new IllegalArgumentException("resolver.rate must be at least 1 call per second, was " + maxRate);
        }
        if (burst < 1 || burst > maxRate) {
            throw new IllegalArgumentException(
                    "resolver.burst must be between 1 and resolver.rate (" + maxRate + "), was " + burst);
        }
        return maxRate;
    }

    public static ApiRateLimiter systemClock(long maxRate, long burst) {
        return new ApiRateLimiter(maxRate, burst, TimeMeter.SYSTEM_NANOTIME);
    }

    /**
     * Waits for a token on the calling thread, for at most {@code maxWait}; false if none came in time. Nothing is
     * reserved while waiting, so a drop in rate applies at once to every waiter.
     */
    @Override
    public boolean acquire(Duration maxWait) throws InterruptedException {
        return TokenWait.acquire(() -> {
            recover();
            return bucket.tryConsumeAndReturnRemaining(1);
        }, maxWait);
    }

    /** Takes a token if one is there now. */
    public boolean tryAcquire() {
        recover();
        return bucket.tryConsume(1);
    }

    /** The API said RESOURCE_EXHAUSTED: someone else shares the quota, or it is lower than configured. */
    @Override
    public synchronized void refused() {
        bucket.tryConsumeAsMuchAsPossible();
        if (rate.refused(clock.currentTimeNanos())) {
            bucket.replaceConfiguration(configuration(rate.rate(), burst), TokensInheritanceStrategy.AS_IS);
        }
    }

    /** Calls per second allowed now. */
    public synchronized double rate() {
        return rate.rate();
    }

    public synchronized boolean isSlowedDown() {
        return rate.isBelowMax();
    }

    private synchronized void recover() {
        if (rate.recover(clock.currentTimeNanos())) {
            bucket.replaceConfiguration(configuration(rate.rate(), burst), TokensInheritanceStrategy.AS_IS);
        }
    }

    /**
     * A bucket at {@code callsPerSecond}, fractional rates as tokens per 1,000 s; never more than {@code burst} at
     * once, nor more than a second's worth.
     */
    public static BucketConfiguration configuration(double callsPerSecond, long burst) {
        long capacity = Math.max(1, Math.min(burst, (long) Math.floor(callsPerSecond)));
        long perThousandSeconds = Math.max(1, Math.round(callsPerSecond * 1000));
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(perThousandSeconds, Duration.ofSeconds(1000)))
                .build();
    }
}
