package io.folderresolver.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.folderresolver.batch.FolderStatus;
import io.folderresolver.resolver.FolderLookup;
import io.folderresolver.resolver.LookupSource;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A second-level cache under each replica's Caffeine cache, in the Redis the replicas share: an answer one replica
 * got from the API is not asked for again by another while it lives (names for {@code ttl}, refusals for
 * {@code negativeTtl}, FAILED never kept). The replica that asks first for an ID claims it with an in-flight
 * marker (SET NX for {@code inFlightTtl}, renewed while its lookup runs, however long: retries, an outage); the
 * others wait for its answer instead of calling too, as callers in one replica share a call in flight, for at most
 * {@code inFlightTtl}, then call themselves. Every way out of a claimed lookup (an answer, an API error, a Redis
 * error, an interrupt) releases the claim and stops renewing it; where Redis cannot be told, the claim expires within
 * {@code inFlightTtl}. A claim outlives a crashed replica by at most that too. A FAILED answer is not shared: each
 * waiter then asks itself. Redis unreachable: straight to the API, as a single replica.
 */
public final class SharedLookups implements LookupSource {

    /** Deletes the marker only if it is still ours: a late owner must not drop the claim of the next. */
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    /** Extends the marker only if it is still ours. */
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final long POLL_MILLIS = 20;

    private final LookupSource api;
    private final SharedRedis redis;
    private final String prefix;
    private final Settings settings;
    /** Claims this replica holds now, by key, each with its own token: renewed until released. */
    private final Map<String, byte[]> held = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter sharedHits;
    private final Counter waitedForOthers;
    private final Counter waitedTooLong;

    /** How long answers and claims live in Redis. */
    public record Settings(Duration ttl, Duration negativeTtl, Duration inFlightTtl) {
    }

    /** @param prefix of every key; replicas sharing a cache use the same */
    public SharedLookups(LookupSource api, SharedRedis redis, String prefix, Settings settings, MeterRegistry meters) {
        this.api = api;
        this.redis = redis;
        this.prefix = prefix;
        this.settings = settings;
        this.sharedHits = Counter.builder("folder.resolver.shared.lookups").tag("outcome", "hit")
                .description("Lookups the cache did not have, by where the answer came from").register(meters);
        this.waitedForOthers = Counter.builder("folder.resolver.shared.lookups").tag("outcome", "waited")
                .description("Lookups the cache did not have, by where the answer came from").register(meters);
        this.waitedTooLong = Counter.builder("folder.resolver.shared.lookups").tag("outcome", "gave_up_waiting")
                .description("Lookups the cache did not have, by where the answer came from").register(meters);
        Gauge.builder("folder.resolver.shared.lookups.waiting", waiting, AtomicInteger::get)
                .description("Lookups waiting now for the answer of another replica that is calling").register(meters);
        Duration renewal = settings.inFlightTtl().dividedBy(3);
        redis.every(renewal.isZero() ? Duration.ofMillis(1) : renewal, this::renewClaims);
    }

    @Override
    public FolderLookup load(String folderId) {
        Optional<StatefulRedisConnection<String, byte[]>> connection = redis.connection();
        if (connection.isEmpty()) {
            return api.load(folderId);
        }
        RedisCommands<String, byte[]> commands = connection.get().sync();
        String answerKey = prefix + ":folder:" + folderId;
        String claimKey = prefix + ":calling:" + folderId;
        byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        try {
            Optional<FolderLookup> known = awaitAnswerOrClaim(commands, answerKey, claimKey, token);
            if (known.isPresent()) {
                return known.get();
            }
        } catch (RedisException e) {
            redis.failed(e);
            if (held.get(claimKey) == token) {
                // Claimed before the failure: forget it here, and tell Redis if it answers (else it expires).
                release(commands, claimKey, token);
            }
            return api.load(folderId);
        } catch (UncheckedIOException e) {
            // An answer this version cannot read (another version wrote it): ask the API; ours replaces it.
            return loadAndKeep(commands, answerKey, claimKey, token, folderId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return api.load(folderId); // ends at once with CANCELLED: the interrupt is seen there
        }
        return loadAndKeep(commands, answerKey, claimKey, token, folderId);
    }

    /**
     * Keeps an answer learned outside a lookup (a change Cloud Asset Inventory reported) for every replica, unless
     * Redis holds a later one for this folder. Read, compare, write: two replicas keeping different changes of one
     * folder at the same instant may leave the older, until it expires or the next change.
     */
    public void keepIfNewer(String folderId, FolderLookup lookup) {
        Optional<StatefulRedisConnection<String, byte[]>> connection = redis.connection();
        if (connection.isEmpty()) {
            return;
        }
        RedisCommands<String, byte[]> commands = connection.get().sync();
        String answerKey = prefix + ":folder:" + folderId;
        try {
            byte[] stored = commands.get(answerKey);
            if (stored != null && !lookup.origin().isNewerThan(readable(stored).origin())) {
                return;
            }
        } catch (RedisException e) {
            redis.failed(e);
            return;
        } catch (UncheckedIOException unreadable) {
            // Another version wrote it: ours replaces it.
        }
        keep(commands, answerKey, lookup);
    }

    /** Claims this replica holds and renews now: for tests, which check that none outlives its lookup. */
    int claimsHeld() {
        return held.size();
    }

    private FolderLookup loadAndKeep(RedisCommands<String, byte[]> commands, String answerKey, String claimKey,
            byte[] token, String folderId) {
        try {
            FolderLookup lookup = api.load(folderId);
            keep(commands, answerKey, lookup);
            return lookup;
        } finally {
            release(commands, claimKey, token);
        }
    }

    /**
     * The answer another replica left, or empty once this one holds the claim to call, or once it has waited
     * {@code inFlightTtl} for another's answer (that replica may be stuck; this one then calls without a claim).
     */
    private Optional<FolderLookup> awaitAnswerOrClaim(RedisCommands<String, byte[]> commands, String answerKey,
            String claimKey, byte[] token) throws InterruptedException {
        boolean waited = false;
        long giveUp = System.nanoTime() + settings.inFlightTtl().toNanos();
        try {
            while (true) {
                byte[] answer = commands.get(answerKey);
                if (answer == null && "OK".equals(commands.set(claimKey, token,
                        SetArgs.Builder.nx().px(settings.inFlightTtl().toMillis())))) {
                    held.put(claimKey, token);
                    // Claimed; but the owner before may have answered between our two commands.
                    answer = commands.get(answerKey);
                    if (answer == null) {
                        return Optional.empty();
                    }
                    release(commands, claimKey, token);
                }
                if (answer != null) {
                    (waited ? waitedForOthers : sharedHits).increment();
                    return Optional.of(readable(answer));
                }
                if (!waited) {
                    waited = true;
                    waiting.incrementAndGet();
                }
                if (System.nanoTime() - giveUp > 0) {
                    waitedTooLong.increment();
                    return Optional.empty();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            if (waited) {
                waiting.decrementAndGet();
            }
        }
    }

    private void keep(RedisCommands<String, byte[]> commands, String answerKey, FolderLookup lookup) {
        if (lookup.status() == FolderStatus.FAILED) {
            return;
        }
        Duration ttl = lookup.isResolved() ? settings.ttl() : settings.negativeTtl();
        if (ttl.toMillis() <= 0) {
            return; // not cached here either
        }
        try {
            commands.set(answerKey, RedisJson.write(StoredAnswer.of(lookup)), SetArgs.Builder.px(ttl.toMillis()));
        } catch (RedisException e) {
            redis.failed(e);
        }
    }

    private void release(RedisCommands<String, byte[]> commands, String claimKey, byte[] token) {
        held.remove(claimKey, token);
        try {
            commands.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {claimKey}, token);
        } catch (RedisException e) {
            redis.failed(e); // the claim expires by itself
        }
    }

    /** Keeps this replica's claims alive while their lookups run. */
    private void renewClaims() {
        if (held.isEmpty()) {
            return;
        }
        // Not waited for, on the Redis client's thread: a renewal that fails lets the claim expire, nothing worse.
        byte[] ttl = Long.toString(settings.inFlightTtl().toMillis()).getBytes(StandardCharsets.UTF_8);
        redis.connection().ifPresent(connection -> held.forEach((claimKey, token) ->
                connection.async().eval(RENEW, ScriptOutputType.INTEGER, new String[] {claimKey}, token, ttl)));
    }

    /**
     * The answer kept in Redis; UncheckedIOException when it cannot be read (another version wrote it), and then
     * it is asked for again and replaced.
     */
    private static FolderLookup readable(byte[] answer) {
        StoredAnswer stored = RedisJson.read(answer, StoredAnswer.class).filter(read -> read.status() != null)
                .orElseThrow(() -> new UncheckedIOException(new IOException("unreadable answer in Redis")));
        try {
            return stored.lookup();
        } catch (java.time.format.DateTimeParseException e) {
            throw new UncheckedIOException(new IOException("unreadable time in an answer in Redis", e));
        }
    }
}
