package io.folderresolver.shared;

import java.time.Duration;

import io.folderresolver.testing.FakeClock;
import io.folderresolver.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two replicas' quotas on one real redis-server: one bucket between them, local shares while Redis is gone. */
class FleetQuotaTest {

    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration TENTH = Duration.ofMillis(100);

    private final FakeClock bucketClock = new FakeClock();
    private final FakeClock retryClock = new FakeClock();
    private RedisServerProcess server;
    private SharedRedis redisOfA;
    private SharedRedis redisOfB;
    private FleetQuota replicaA;
    private FleetQuota replicaB;

    @BeforeEach
    void start() throws Exception {
        server = RedisServerProcess.start();
        redisOfA = new SharedRedis(server.uri(), "", Duration.ofMillis(500), RETRY, retryClock::currentTimeNanos);
        redisOfB = new SharedRedis(server.uri(), "", Duration.ofMillis(500), RETRY, retryClock::currentTimeNanos);
        // 10 calls a second for the fleet, in bursts of 1; 5 a second each while Redis is down.
        replicaA = new FleetQuota(redisOfA, "test:quota", 10, 1, 2, bucketClock.asWallClock());
        replicaB = new FleetQuota(redisOfB, "test:quota", 10, 1, 2, bucketClock.asWallClock());
    }

    @AfterEach
    void stop() throws Exception {
        redisOfA.close();
        redisOfB.close();
        server.close();
    }

    @Test
    void should_give_the_fleet_one_token_per_refill_whichever_replica_asks() {
        assertThat(replicaA.tryAcquire()).isTrue();
        assertThat(replicaB.tryAcquire()).as("B's first call, right after A's").isFalse();
        assertThat(replicaA.tryAcquire()).isFalse();

        bucketClock.advance(TENTH);
        assertThat(replicaB.tryAcquire()).isTrue();
        assertThat(replicaA.tryAcquire()).isFalse();
        assertThat(redisOfA.isUp()).isTrue();
    }

    @Test
    void should_slow_the_whole_fleet_when_one_replica_is_refused() {
        assertThat(replicaA.tryAcquire()).isTrue();

        replicaA.refused();

        // 10/s -> 9/s for both: B's next token comes after 111 ms, not 100.
        bucketClock.advance(TENTH);
        assertThat(replicaB.tryAcquire()).isFalse();
        assertThat(replicaB.rate()).isEqualTo(9.0);
        bucketClock.advance(Duration.ofMillis(12));
        assertThat(replicaB.tryAcquire()).isTrue();
    }

    @Test
    void should_fall_back_to_its_share_of_the_rate_while_redis_is_down_and_share_again_once_it_is_back()
            throws Exception {
        assertThat(replicaA.tryAcquire()).isTrue();
        server.kill();

        // Its own bucket at 10 / 2 replicas: one token, then the next after 200 ms, not 100.
        assertThat(replicaA.tryAcquire()).isTrue();
        assertThat(redisOfA.isUp()).isFalse();
        assertThat(redisOfA.lastFailure()).isNotEmpty();
        bucketClock.advance(TENTH);
        assertThat(replicaA.tryAcquire()).isFalse();
        bucketClock.advance(TENTH);
        assertThat(replicaA.tryAcquire()).isTrue();

        server.restart();
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            retryClock.advance(RETRY);
            return redisOfA.connection().isPresent() && redisOfB.connection().isPresent();
        });
        assertThat(redisOfA.isUp()).isTrue();
        // One bucket again: B (whose local bucket is full) gets nothing right after A.
        assertThat(replicaA.tryAcquire()).isTrue();
        assertThat(replicaB.tryAcquire()).isFalse();
    }
}
