package io.folderresolver.shared;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.folderresolver.resolver.AdaptiveRate;
import io.folderresolver.resolver.ApiRateLimiter;
import io.folderresolver.resolver.CallQuota;
import io.folderresolver.resolver.TokenWait;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The API quota the whole fleet shares: one token bucket in Redis (Bucket4j's compare-and-swap over Lettuce) at
 * {@code resolver.rate} in bursts of {@code resolver.burst}, so N replicas together never offer more than one
 * would; and one {@link AdaptiveRate} for it, also in Redis, so a RESOURCE_EXHAUSTED any replica meets slows the
 * fleet, not only that replica (which the others would make up for). While Redis is down each replica takes from a
 * local bucket at {@code rate / replicas} instead, so the fleet still stays within the quota as long as
 * {@code resolver.shared.replicas} is right. Nothing is reserved ahead: a token is taken only when it is there.
 */
public final class FleetQuota implements CallQuota {

    /** Sets the rate's state only if no other replica changed it since it was read. */
    private static final String COMPARE_AND_SET = "local now = redis.call('get', KEYS[1]) "
            + "if (now == false and ARGV[1] == '') or now == ARGV[1] then "
            + "redis.call('set', KEYS[1], ARGV[2], 'px', ARGV[3]) return 1 else return 0 end";
    private static final long STATE_TTL_MILLIS = Duration.ofHours(1).toMillis();
    /** How often a replica reads the fleet's rate while it takes tokens: a change reaches it this late at most. */
    private static final long RATE_READ_INTERVAL_NANOS = 100_000_000L;

    private final SharedRedis redis;
    private final String bucketKey;
    private final String rateKey;
    private final double maxRate;
    private final long burst;
    private final TimeMeter clock;
    private final Bucket whileRedisIsDown;
    private volatile Bucket fleetBucket;
    private volatile double appliedRate;
    private volatile long rateReadAt;

    /**
     * @param key   prefix of the Redis keys of the bucket and its rate; every replica must use the same one
     * @param clock time as every replica sees it (the wall clock, {@link TimeMeter#SYSTEM_MILLISECONDS}; never
     *              {@code nanoTime}, whose origin differs per process): the bucket refills and the rate recovers by it
     */
    public FleetQuota(SharedRedis redis, String key, double rate, long burst, int replicas, TimeMeter clock) {
        this.redis = redis;
        this.bucketKey = key;
        this.rateKey = key + ":rate";
        this.maxRate = rate;
        this.burst = burst;
        this.clock = clock;
        this.appliedRate = rate;
        this.rateReadAt = clock.currentTimeNanos() - RATE_READ_INTERVAL_NANOS;
        // Fractional when there are more replicas than calls a second: the fleet stays within the quota.
        this.whileRedisIsDown = Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(ApiRateLimiter.configuration(rate / replicas, burst).getBandwidths()[0]).build();
    }

    @Override
    public boolean acquire(Duration maxWait) throws InterruptedException {
        return TokenWait.acquire(this::probe, maxWait);
    }

    /** Takes a token if one is there now. */
    public boolean tryAcquire() {
        return probe().isConsumed();
    }

    /** Slows the whole fleet: the shared rate drops (once a second at most) and the bucket is emptied. */
    @Override
    public void refused() {
        Optional<Bucket> fleet = fleetBucket();
        if (fleet.isEmpty()) {
            return;
        }
        try {
            fleet.get().tryConsumeAsMuchAsPossible();
            updateRate(true);
        } catch (RuntimeException e) {
            redis.failed(e);
        }
    }

    /** The fleet's calls per second as this replica last read it. */
    public double rate() {
        return appliedRate;
    }

    private ConsumptionProbe probe() {
        Optional<Bucket> fleet = fleetBucket();
        if (fleet.isPresent()) {
            try {
                if (clock.currentTimeNanos() - rateReadAt >= RATE_READ_INTERVAL_NANOS) {
                    updateRate(false);
                }
                return fleet.get().tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                redis.failed(e);
            }
        }
        return whileRedisIsDown.tryConsumeAndReturnRemaining(1);
    }

    /**
     * Reads the fleet's rate, lets it recover (or drop, after a refusal) and writes it back unless another replica
     * changed it meanwhile (then again, from what that one wrote); applies it to the bucket if it changed.
     */
    private synchronized void updateRate(boolean refused) {
        RedisCommands<String, byte[]> commands = redis.connection().orElseThrow(
                () -> new IllegalStateException("Redis went away")).sync();
        long now = clock.currentTimeNanos();
        AdaptiveRate rate;
        while (true) {
            byte[] stored = commands.get(rateKey);
            // Unreadable (another version wrote it): start afresh; the compare-and-set replaces it.
            rate = Optional.ofNullable(stored).flatMap(json -> RedisJson.read(json, AdaptiveRate.State.class))
                    .map(state -> new AdaptiveRate(maxRate, state)).orElseGet(() -> new AdaptiveRate(maxRate));
            boolean changed = refused ? rate.refused(now) : rate.recover(now);
            if (!changed || (Long) commands.eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new String[] {rateKey},
                    stored == null ? new byte[0] : stored, RedisJson.write(rate.state()),
                    Long.toString(STATE_TTL_MILLIS).getBytes(StandardCharsets.UTF_8)) == 1) {
                break;
            }
        }
        rateReadAt = now;
        if (rate.rate() != appliedRate) {
            appliedRate = rate.rate();
            fleetBucket.replaceConfiguration(ApiRateLimiter.configuration(rate.rate(), burst),
                    TokensInheritanceStrategy.AS_IS);
        }
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
                            // Redis drops an idle fleet's bucket 10 s after it would be full again: nothing lingers.
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                            .build();
                    fleetBucket = buckets.builder().build(bucketKey,
                            () -> ApiRateLimiter.configuration(appliedRate, burst));
                }
            }
        }
        return Optional.of(fleetBucket);
    }
}
