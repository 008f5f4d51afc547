package io.folderresolver.shared;

import java.time.Duration;
import java.time.Instant;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.folders.StandInClients;
import io.folderresolver.resolver.FolderChange;
import io.folderresolver.resolver.FolderResolver;
import io.folderresolver.resolver.FolderResolverFactory;
import io.folderresolver.resolver.Origin;
import io.folderresolver.testing.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A folder change one replica gets from the feed reaches the other replicas' caches and the answer kept in Redis, on
 * a real redis-server, through the official client against the Folders stand-in; never older over newer.
 */
class SharedChangesTest {

    private static final FolderResolver.CacheSettings CACHE = new FolderResolver.CacheSettings(1000, Duration.ofHours(1),
            Duration.ofMinutes(5));
    private static final SharedLookups.Settings SHARED = new SharedLookups.Settings(Duration.ofHours(1),
            Duration.ofMinutes(5), Duration.ofSeconds(30));

    private final FolderTree tree = new FolderTree()
            .add("100", "organizations/1", "Engineering")
            .add("200", "folders/100", "Platform");
    private RedisServerProcess server;
    private StandInClients api;
    private SharedRedis redisOfA;
    private SharedRedis redisOfB;
    private SharedRedis redisOfC;
    private RedisClient inspector;
    private StatefulRedisConnection<String, String> inspect;

    @BeforeEach
    void start() throws Exception {
        server = RedisServerProcess.start();
        api = new StandInClients(tree, StandInBehaviour.immediate(), 0);
        redisOfA = redis();
        redisOfB = redis();
        redisOfC = redis();
        inspector = RedisClient.create(server.uri());
        inspect = inspector.connect();
    }

    private SharedRedis redis() {
        return new SharedRedis(server.uri(), "", Duration.ofMillis(500), Duration.ofSeconds(5), System::nanoTime);
    }

    @AfterEach
    void stop() throws Exception {
        inspect.close();
        inspector.shutdown();
        redisOfA.close();
        redisOfB.close();
        redisOfC.close();
        api.close();
        server.close();
    }

    /** A replica: its own cache, in front of the answers the fleet keeps in Redis, told of changes on the channel. */
    private record Replica(FolderResolver resolver, SharedChanges changes) {
        String name(String folderId) {
            FolderResult known = resolver.resultIfKnown(BatchEntry.valid(0, folderId, folderId));
            return known == null ? null : known.displayName();
        }
    }

    private Replica replica(SharedRedis redis) {
        SharedLookups[] answers = new SharedLookups[1];
        FolderResolver resolver = FolderResolverFactory.create(api.api, CACHE, false, true, new SimpleMeterRegistry(),
                fromApi -> answers[0] = new SharedLookups(fromApi, redis, "test", SHARED, new SimpleMeterRegistry()));
        return new Replica(resolver, new SharedChanges(redis, answers[0], "test", resolver));
    }

    private static FolderChange renamed(String name, Instant changedAt) {
        return FolderChange.present("200", name, "folders/100", "ACTIVE", new Origin("feed", Instant.now(), changedAt, changedAt));
    }

    @Test
    void should_bring_a_change_one_replica_got_to_every_other_and_to_redis() {
        Replica a = replica(redisOfA);
        Replica b = replica(redisOfB);
        a.resolver().resolve(BatchEntry.valid(0, "200", "200"));
        b.resolver().resolve(BatchEntry.valid(0, "200", "200"));
        assertThat(b.name("200")).isEqualTo("Platform");
        FolderChange change = renamed("Platform Team", Instant.now().plusSeconds(1));

        a.resolver().apply(change);
        a.changes().announce(change);

        await().until(() -> "Platform Team".equals(b.name("200")));
        assertThat(inspect.sync().get("test:folder:200")).contains("\"Platform Team\"");
        Replica c = replica(redisOfC);
        assertThat(c.resolver().resolve(BatchEntry.valid(0, "200", "200")).displayName()).isEqualTo("Platform Team");
        assertThat(api.standIn.counters().getFolderCalls()).isEqualTo(1);
    }

    @Test
    void should_not_let_an_older_change_replace_a_newer_one_in_redis_or_in_a_replica() {
        Replica a = replica(redisOfA);
        Replica b = replica(redisOfB);
        Instant later = Instant.now().plusSeconds(10);
        FolderChange newer = renamed("Newer", later);
        a.resolver().apply(newer);
        a.changes().announce(newer);
        await().until(() -> "Newer".equals(b.name("200")));

        FolderChange older = renamed("Older", later.minusSeconds(5));
        a.changes().announce(older);
        FolderChange marker = FolderChange.present("100", "Engineering EU", "organizations/1", "ACTIVE",
                new Origin("feed", Instant.now(), later, later));
        a.changes().announce(marker); // the channel keeps order: once this is seen, the older one was too
        await().until(() -> "Engineering EU".equals(b.name("100")));

        assertThat(b.name("200")).isEqualTo("Newer");
        assertThat(inspect.sync().get("test:folder:200")).contains("\"Newer\"");
    }
}
