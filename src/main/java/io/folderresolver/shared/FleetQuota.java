package io.folderresolver.shared;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.folderresolver.resolver.CallQuota;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The API quota the whole fleet shares: one token bucket in Redis (Bucket4j's compare-and-swap over Lettuce) at
 * {@code resolver.rate} in bursts of {@code resolver.burst}, so N replicas together never offer more than one
 * would. While Redis is down each replica takes from a local bucket at {@code rate / replicas} instead, so the fleet
 * still stays within the quota as long as {@code resolver.shared.replicas} is right. Nothing is reserved ahead: a
 * token is taken only when it is there.
 */
public final class FleetQuota implements CallQuota {

    private final SharedRedis redis;
    private final String key;
    private final BucketConfiguration fleetLimit;
    private final TimeMeter clock;
    private final Bucket whileRedisIsDown;
    private volatile Bucket fleetBucket;

    /**
     * @param key the Redis key of the bucket; every replica must use the same one
     * @param clock time as every replica sees it (the wall clock, {@link TimeMeter#SYSTEM_MILLISECONDS}; never
     *              {@code nanoTime}, whose origin differs per process): the bucket refills by it
     */
    public FleetQuota(SharedRedis redis, String key, long rate, long burst, int replicas, TimeMeter clock) {
        this.redis = redis;
        this.key = key;
        this.clock = clock;
        this.fleetLimit = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(rate, Duration.ofSeconds(1))).build();
        long share = Math.max(1, rate / replicas);
        this.whileRedisIsDown = Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(limit -> limit.capacity(Math.min(burst, share)).refillGreedy(share, Duration.ofSeconds(1)))
                .build();
    }

    @Override
    public boolean acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            ConsumptionProbe probe = probe();
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
        return probe().isConsumed();
    }

    private ConsumptionProbe probe() {
        Optional<Bucket> fleet = fleetBucket();
        if (fleet.isPresent()) {
            try {
                return fleet.get().tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                redis.failed(e);
            }
        }
        return whileRedisIsDown.tryConsumeAndReturnRemaining(1);
    }

    private Optional<Bucket> fleetBucket() {
        Optional<StatefulRedisConnection<String, byte[]>> connection = redis.connection();
        if (connection.isEmpty()) {
            return Optional.empty();
        }
        if (fleetBucket == null) {
            synchronized (this) {
                if (fleetBucket == null) {
                    ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection.get())
                            .clientClock(clock)
                            // An idle fleet's bucket would be full again within a second: then Redis drops the key.
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                            .build();
                    fleetBucket = buckets.builder().build(key, () -> fleetLimit);
                }
            }
        }
        return Optional.of(fleetBucket);
    }
}
