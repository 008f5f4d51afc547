package io.folderresolver.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.folderresolver.batch.FolderStatus;
import io.folderresolver.resolver.FolderLookup;
import io.folderresolver.resolver.LookupSource;
import io.folderresolver.resolver.TransientLookupFailure;
import io.folderresolver.testing.RedisFaultProxy;
import io.folderresolver.testing.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas' second-level caches on one real redis-server. Each replica's "API" here is a counting stand-in for
 * the loader behind it: what is under test is which replica calls, not the call.
 */
class SharedLookupsTest {

    private static final SharedLookups.Settings SETTINGS = new SharedLookups.Settings(Duration.ofHours(1),
            Duration.ofMinutes(5), Duration.ofSeconds(30));

    private RedisServerProcess server;
    private SharedRedis redisOfA;
    private SharedRedis redisOfB;
    private RedisClient inspector;
    private StatefulRedisConnection<String, String> inspect;

    @BeforeEach
    void start() throws Exception {
        server = RedisServerProcess.start();
        redisOfA = new SharedRedis(server.uri(), "", Duration.ofMillis(500), Duration.ofSeconds(5), System::nanoTime);
        redisOfB = new SharedRedis(server.uri(), "", Duration.ofMillis(500), Duration.ofSeconds(5), System::nanoTime);
        inspector = RedisClient.create(server.uri());
        inspect = inspector.connect();
    }

    @AfterEach
    void stop() throws Exception {
        inspect.close();
        inspector.shutdown();
        redisOfA.close();
        redisOfB.close();
        server.close();
    }

    @Test
    void should_not_call_for_an_id_another_replica_has_answered() {
        CountingApi apiOfA = new CountingApi();
        CountingApi apiOfB = new CountingApi();

        FolderLookup fromA = replica(apiOfA, redisOfA).load("1");
        FolderLookup fromB = replica(apiOfB, redisOfB).load("1");

        assertThat(fromB).isEqualTo(fromA).isEqualTo(FolderLookup.resolved("Name of 1", "organizations/1"));
        assertThat(apiOfA.calls).hasValue(1);
        assertThat(apiOfB.calls).hasValue(0);
        assertThat(inspect.sync().pttl("test:folder:1")).isBetween(1L, Duration.ofHours(1).toMillis());
    }

    @Test
    void should_wait_for_the_replica_already_calling_instead_of_calling_too() throws Exception {
        CountDownLatch apiAnswers = new CountDownLatch(1);
        CountingApi apiOfA = new CountingApi(apiAnswers);
        CountingApi apiOfB = new CountingApi();
        SimpleMeterRegistry metersOfB = new SimpleMeterRegistry();
        CompletableFuture<FolderLookup> fromA = CompletableFuture.supplyAsync(() -> replica(apiOfA, redisOfA).load("2"));
        await().until(() -> inspect.sync().exists("test:calling:2") == 1);

        CompletableFuture<FolderLookup> fromB = CompletableFuture.supplyAsync(
                () -> new SharedLookups(apiOfB, redisOfB, "test", SETTINGS, metersOfB).load("2"));
        await().until(() -> metersOfB.get("folder.resolver.shared.lookups.waiting").gauge().value() == 1);
        apiAnswers.countDown();

        assertThat(fromB.get()).isEqualTo(fromA.get());
        assertThat(apiOfA.calls).hasValue(1);
        assertThat(apiOfB.calls).hasValue(0);
        assertThat(metersOfB.get("folder.resolver.shared.lookups").tag("outcome", "waited").counter().count()).isEqualTo(1);
        assertThat(inspect.sync().exists("test:calling:2")).as("claim released").isZero();
    }

    @Test
    void should_renew_its_claim_while_its_lookup_outlasts_the_claims_ttl() throws Exception {
        SharedLookups.Settings shortClaims = new SharedLookups.Settings(Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofMillis(600));
        CountDownLatch apiAnswers = new CountDownLatch(1);
        CountingApi apiOfA = new CountingApi(apiAnswers);
        CompletableFuture<FolderLookup> fromA = CompletableFuture.supplyAsync(
                () -> new SharedLookups(apiOfA, redisOfA, "test", shortClaims, new SimpleMeterRegistry()).load("7"));
        await().until(() -> inspect.sync().exists("test:calling:7") == 1);

        // Time to live only goes down, unless the owner renews it (every 200 ms): seen going below 500 ms and back
        // above it four times, so the claim has outlived its first 600 ms.
        for (int renewal = 0; renewal < 4; renewal++) {
            await().pollInterval(Duration.ofMillis(5)).until(() -> inspect.sync().pttl("test:calling:7") < 500);
            await().pollInterval(Duration.ofMillis(5)).until(() -> inspect.sync().pttl("test:calling:7") > 500);
        }
        CountingApi apiOfB = new CountingApi();
        CompletableFuture<FolderLookup> fromB = CompletableFuture.supplyAsync(
                () -> new SharedLookups(apiOfB, redisOfB, "test", shortClaims, new SimpleMeterRegistry()).load("7"));
        apiAnswers.countDown();

        assertThat(fromB.get()).isEqualTo(fromA.get());
        assertThat(apiOfB.calls).hasValue(0);
    }

    @Test
    void should_keep_refusals_for_the_negative_ttl_and_failures_not_at_all() {
        LookupSource refusing = id -> FolderLookup.refused(FolderStatus.NOT_FOUND, "NOT_FOUND: folders/" + id);
        replica(refusing, redisOfA).load("3");
        assertThat(inspect.sync().pttl("test:folder:3")).isBetween(1L, Duration.ofMinutes(5).toMillis());

        LookupSource failing = id -> {
            throw new TransientLookupFailure("UNAVAILABLE: retries ran out", null);
        };
        assertThatThrownBy(() -> replica(failing, redisOfA).load("4")).isInstanceOf(TransientLookupFailure.class);
        assertThat(inspect.sync().exists("test:folder:4", "test:calling:4")).isZero();
        CountingApi apiOfB = new CountingApi();
        replica(apiOfB, redisOfB).load("4");
        assertThat(apiOfB.calls).as("B asks again at once").hasValue(1);
    }

    @Test
    void should_ask_the_api_for_an_answer_it_cannot_read_and_replace_it() {
        inspect.sync().set("test:folder:6", "not json");
        CountingApi apiOfA = new CountingApi();

        assertThat(replica(apiOfA, redisOfA).load("6")).isEqualTo(FolderLookup.resolved("Name of 6", "organizations/1"));
        assertThat(apiOfA.calls).hasValue(1);
        assertThat(inspect.sync().get("test:folder:6")).contains("Name of 6");
        assertThat(redisOfA.isUp()).isTrue();
    }

    @Test
    void should_not_count_redis_down_when_a_lookup_is_interrupted_while_redis_answers_slowly() throws Exception {
        try (SharedRedis patient = new SharedRedis(server.uri(), "", Duration.ofSeconds(20), Duration.ofSeconds(5),
                System::nanoTime)) {
            assertThat(patient.ping()).isTrue();
            // DEBUG SLEEP: the server answers nothing for 10 s.
            inspect.async().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add(10));
            await().until(() -> !redisOfA.ping()); // asleep: A's half-second PING gets no answer
            Thread lookup = new Thread(() -> replica(new CountingApi(), patient).load("8"));
            lookup.start();
            // Blocked on Redis (asleep for 10 s); then stopped, as a batch is at shutdown.
            await().until(() -> lookup.getState() == Thread.State.TIMED_WAITING
                    || lookup.getState() == Thread.State.WAITING);
            lookup.interrupt();
            lookup.join();

            assertThat(patient.isUp()).as("Redis did nothing wrong").isTrue();
            assertThat(patient.lastFailure()).isEmpty();
        }
    }

    @Test
    void should_ask_the_api_itself_while_redis_is_down() throws Exception {
        server.kill();
        CountingApi apiOfA = new CountingApi();

        assertThat(replica(apiOfA, redisOfA).load("5")).isEqualTo(FolderLookup.resolved("Name of 5", "organizations/1"));
        assertThat(replica(apiOfA, redisOfA).load("5")).isEqualTo(FolderLookup.resolved("Name of 5", "organizations/1"));
        assertThat(apiOfA.calls).hasValue(2);
        assertThat(redisOfA.isUp()).isFalse();
    }

    /** The Redis commands of one lookup of an unknown ID, in the order it sends them, each to fail in turn. */
    static Stream<Arguments> commandsOfALookup() {
        List<Arguments> cases = new ArrayList<>();
        for (RedisFaultProxy.Fault fault : RedisFaultProxy.Fault.values()) {
            cases.add(Arguments.of(fault, "GET of the answer", nth(1, command("GET", "test:folder:9"))));
            cases.add(Arguments.of(fault, "SET NX of the claim", nth(1, command("SET", "test:calling:9"))));
            cases.add(Arguments.of(fault, "GET of the answer once claimed", nth(2, command("GET", "test:folder:9"))));
            cases.add(Arguments.of(fault, "SET of the answer", nth(1, command("SET", "test:folder:9"))));
            cases.add(Arguments.of(fault, "EVAL releasing the claim",
                    nth(1, command -> command.get(0).equals("EVAL") && command.get(1).contains("'del'"))));
        }
        return cases.stream();
    }

    /**
     * Whichever command of a lookup fails (the connection dropped, or Redis silent past the timeout), the lookup still
     * answers, and its claim neither stays in this replica's renewals nor in Redis longer than its time to live.
     */
    @ParameterizedTest(name = "{0} at the {1}")
    @MethodSource("commandsOfALookup")
    void should_leave_no_claim_behind_whatever_redis_command_of_a_lookup_fails(RedisFaultProxy.Fault fault,
            String at, Predicate<List<String>> command) throws Exception {
        SharedLookups.Settings shortClaims = new SharedLookups.Settings(Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofSeconds(1));
        try (RedisFaultProxy proxy = RedisFaultProxy.start(server.port());
             SharedRedis redis = new SharedRedis(proxy.uri(), "", Duration.ofMillis(500), Duration.ofMillis(200),
                     System::nanoTime)) {
            SharedLookups lookups = new SharedLookups(new CountingApi(), redis, "test", shortClaims,
                    new SimpleMeterRegistry());
            assertThat(redis.ping()).isTrue();
            proxy.failAt(command, fault);

            assertThat(lookups.load("9")).isEqualTo(FolderLookup.resolved("Name of 9", "organizations/1"));

            assertThat(proxy.failed()).as("the fault met its command").isNotNull();
            assertThat(lookups.claimsHeld()).as("claims still renewed").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> inspect.sync().exists("test:calling:9") == 0);
        }
    }

    @Test
    void should_wait_for_another_replicas_answer_at_most_the_claims_ttl_then_call_itself() throws Exception {
        SharedLookups.Settings shortClaims = new SharedLookups.Settings(Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofSeconds(1));
        CountDownLatch stuck = new CountDownLatch(1);
        CountingApi apiOfA = new CountingApi(stuck);
        CountingApi apiOfB = new CountingApi();
        SimpleMeterRegistry metersOfB = new SimpleMeterRegistry();
        CompletableFuture<FolderLookup> fromA = CompletableFuture.supplyAsync(
                () -> new SharedLookups(apiOfA, redisOfA, "test", shortClaims, new SimpleMeterRegistry()).load("10"));
        await().until(() -> inspect.sync().exists("test:calling:10") == 1);

        CompletableFuture<FolderLookup> waitingB = CompletableFuture.supplyAsync(
                () -> new SharedLookups(apiOfB, redisOfB, "test", shortClaims, metersOfB).load("10"));
        await().atMost(Duration.ofSeconds(30)).until(waitingB::isDone);
        FolderLookup fromB = waitingB.get();

        assertThat(fromB).isEqualTo(FolderLookup.resolved("Name of 10", "organizations/1"));
        assertThat(apiOfB.calls).hasValue(1);
        assertThat(fromA).as("A is still stuck, its claim renewed").isNotDone();
        assertThat(metersOfB.get("folder.resolver.shared.lookups").tag("outcome", "gave_up_waiting").counter().count())
                .isEqualTo(1);
        stuck.countDown();
        assertThat(fromA.get()).isEqualTo(fromB);
    }

    private static Predicate<List<String>> command(String name, String key) {
        return command -> command.get(0).equals(name) && command.size() > 1 && command.get(1).equals(key);
    }

    /** The n-th command, from now on, that {@code command} matches. */
    private static Predicate<List<String>> nth(int n, Predicate<List<String>> command) {
        AtomicInteger seen = new AtomicInteger();
        return candidate -> command.test(candidate) && seen.incrementAndGet() == n;
    }

    private static SharedLookups replica(LookupSource api, SharedRedis redis) {
        return new SharedLookups(api, redis, "test", SETTINGS, new SimpleMeterRegistry());
    }

    /** Answers every ID with a name, once {@code answers} is open, counting calls. */
    private static final class CountingApi implements LookupSource {
        final AtomicInteger calls = new AtomicInteger();
        private final CountDownLatch answers;

        CountingApi() {
            this(new CountDownLatch(0));
        }

        CountingApi(CountDownLatch answers) {
            this.answers = answers;
        }

        @Override
        public FolderLookup load(String folderId) {
            calls.incrementAndGet();
            try {
                answers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FolderLookup.resolved("Name of " + folderId, "organizations/1");
        }
    }
}
