package io.folderresolver.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.resolver.FolderLookup;
import io.folderresolver.resolver.LookupSource;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A second-level cache under each replica's Caffeine cache, in the Redis the replicas share: an answer one replica
 * got from the API is not asked for again by another while it lives (names for {@code ttl}, refusals for
 * {@code negativeTtl}, FAILED never kept). The replica that asks first for an ID claims it with a short in-flight
 * marker (SET NX with {@code inFlightTtl}); the others wait for its answer instead of calling too. A claim outlives
 * a crashed replica by at most {@code inFlightTtl}; a lookup that takes longer (an outage, long retries) may be
 * called for again by another replica. Redis unreachable: straight to the API, as a single replica.
 */
public final class SharedLookups implements LookupSource {

    /** Deletes the marker only if it is still ours: a late owner must not drop the claim of the next. */
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    private static final long POLL_MILLIS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LookupSource api;
    private final SharedRedis redis;
    private final String prefix;
    private final Settings settings;
    private final byte[] owner = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final Counter sharedHits;
    private final Counter waitedForOthers;

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
        try {
            Optional<FolderLookup> known = awaitAnswerOrClaim(commands, answerKey, claimKey);
            if (known.isPresent()) {
                return known.get();
            }
        } catch (RedisException e) {
            redis.failed(e);
            return api.load(folderId);
        } catch (UncheckedIOException e) {
            // An answer this version cannot read (another version wrote it): ask the API; ours replaces it.
            return loadAndKeep(commands, answerKey, claimKey, folderId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return api.load(folderId); // ends at once with CANCELLED: the interrupt is seen there
        }
        return loadAndKeep(commands, answerKey, claimKey, folderId);
    }

    private FolderLookup loadAndKeep(RedisCommands<String, byte[]> commands, String answerKey, String claimKey,
            String folderId) {
        try {
            FolderLookup lookup = api.load(folderId);
            keep(commands, answerKey, lookup);
            return lookup;
        } finally {
            release(commands, claimKey);
        }
    }

    /** The answer another replica left, or empty once this one holds the claim to call. */
    private Optional<FolderLookup> awaitAnswerOrClaim(RedisCommands<String, byte[]> commands, String answerKey,
            String claimKey) throws InterruptedException {
        boolean waited = false;
        while (true) {
            byte[] answer = commands.get(answerKey);
            if (answer == null && "OK".equals(commands.set(claimKey, owner,
                    SetArgs.Builder.nx().px(settings.inFlightTtl().toMillis())))) {
                // Claimed; but the owner before may have answered between our two commands.
                answer = commands.get(answerKey);
                if (answer == null) {
                    return Optional.empty();
                }
                release(commands, claimKey);
            }
            if (answer != null) {
                (waited ? waitedForOthers : sharedHits).increment();
                return Optional.of(decode(answer));
            }
            waited = true;
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void keep(RedisCommands<String, byte[]> commands, String answerKey, FolderLookup lookup) {
        if (lookup.status() == FolderStatus.FAILED) {
            return;
        }
        Duration ttl = lookup.isResolved() ? settings.ttl() : settings.negativeTtl();
        try {
            commands.set(answerKey, encode(lookup), SetArgs.Builder.px(ttl.toMillis()));
        } catch (RedisException e) {
            redis.failed(e);
        }
    }

    private void release(RedisCommands<String, byte[]> commands, String claimKey) {
        try {
            commands.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {claimKey}, owner);
        } catch (RedisException e) {
            redis.failed(e); // the claim expires by itself
        }
    }

    /** What Redis holds per ID: JSON, readable with redis-cli. */
    private record Stored(FolderStatus status, String displayName, String parent, String error) {
    }

    private static byte[] encode(FolderLookup lookup) {
        try {
            return JSON.writeValueAsBytes(new Stored(lookup.status(), lookup.displayName(), lookup.parent(), lookup.error()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FolderLookup decode(byte[] json) {
        try {
            Stored stored = JSON.readValue(json, Stored.class);
            return new FolderLookup(stored.status(), stored.displayName(), stored.parent(), stored.error());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
