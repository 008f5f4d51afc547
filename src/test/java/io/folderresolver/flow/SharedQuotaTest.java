package io.folderresolver.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.local.folders.CallCounters;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.pubsub.SubscriptionStats;
import io.folderresolver.testing.Fleet;
import io.folderresolver.testing.RedisServerProcess;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the service (two Camel contexts booted from the shipped config and routes) on one Pub/Sub
 * subscription and one Folders stand-in whose quota is the replicas' {@code resolver.rate}, sharing a real
 * redis-server. Every ID appears in two batches, so without a shared cache both replicas would ask for many.
 * The stand-in's quota allows a burst of 3 where the replicas take 1: room for the test machine's scheduling
 * jitter between a token and the call's arrival, not for a second replica's calls (the benchmark runs burst 1).
 */
class SharedQuotaTest {

    private static final int RATE = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> folderIds = IntStream.rangeClosed(1, 60).mapToObj(i -> Long.toString(3_000_000 + i)).toList();
    private RedisServerProcess redis;
    private Fleet fleet;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
    }

    private void startFleet(String redisUri) throws Exception {
        fleet = Fleet.start(2, redisUri, Fleet.tree(folderIds),
                StandInBehaviour.immediate().withLatency(Duration.ofMillis(20), Duration.ofMillis(10)).withQuota(RATE, 3),
                RATE);
        fleet.folders.counters().recordArrivals();
    }

    @AfterEach
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        redis.close();
    }

    @Test
    void should_call_once_per_id_within_one_quota_across_two_replicas() throws Exception {
        startFleet(redis.uri());
        List<String> batches = publishOverlappingBatches("shared", 0, 6);

        awaitOneResultEach(batches);
        CallCounters calls = fleet.folders.counters();
        assertThat(calls.resourceExhausted()).as("RESOURCE_EXHAUSTED").isZero();
        assertThat(calls.getFolderCalls()).as("GetFolder calls").isEqualTo(folderIds.size());
        assertThat(folderIds).allSatisfy(id -> assertThat(calls.getFolderCalls(id)).as("calls for " + id).isEqualTo(1));
        assertThat(fleet.batchesDoneBy(0)).as("batches replica 0 did").isPositive();
        assertThat(fleet.batchesDoneBy(1)).as("batches replica 1 did").isPositive();
        assertThat(fleet.meters(0).get("folder.resolver.shared.redis.up").gauge().value()).isEqualTo(1);
    }

    @Test
    void control_without_redis_the_two_replicas_offer_twice_the_quota() throws Exception {
        startFleet(null);

        awaitOneResultEach(publishOverlappingBatches("unshared", 0, 6));

        assertThat(fleet.folders.counters().resourceExhausted()).as("RESOURCE_EXHAUSTED").isPositive();
    }

    @Test
    void should_keep_resolving_within_the_quota_on_local_limits_when_redis_dies() throws Exception {
        startFleet(redis.uri());
        awaitOneResultEach(publishOverlappingBatches("before", 0, 3));
        CallCounters calls = fleet.folders.counters();
        assertThat(calls.getFolderCalls()).isEqualTo(40);
        assertThat(calls.resourceExhausted()).isZero();

        redis.kill();
        awaitOneResultEach(publishOverlappingBatches("after", 3, 3));

        // Each replica at RATE / 2 in bursts of 1 (FleetQuotaTest measures that on a fake clock); two streams of
        // exactly half the quota may collide now and then (RESOURCE_EXHAUSTED, retried). No shared cache now.
        for (int replica = 0; replica < 2; replica++) {
            int index = replica;
            await().until(() -> sharedStateCheck(index).getMessage().isPresent());
            assertThat(sharedStateCheck(replica).getMessage()).as("what replica " + replica + " says")
                    .hasValueSatisfying(message -> assertThat(message)
                            .contains("Redis unreachable", "at most " + RATE / 2 + "/s"));
            assertThat(fleet.meters(replica).get("folder.resolver.shared.redis.up").gauge().value()).isZero();
        }
    }

    /**
     * {@code count} batches of 20 IDs from the 60, each ID in two batches: batch k holds IDs 10k to 10k + 19.
     */
    private List<String> publishOverlappingBatches(String prefix, int first, int count) throws Exception {
        List<String> batchIds = new ArrayList<>();
        for (int k = first; k < first + count; k++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(folderIds.get((10 * k + i) % folderIds.size()));
            }
            String batchId = prefix + "-" + k;
            fleet.publish(batchId, ids);
            batchIds.add(batchId);
        }
        return batchIds;
    }

    /** Every batch answered once, every name right; and the subscription delivered each batch once. */
    private void awaitOneResultEach(List<String> batchIds) throws Exception {
        await().atMost(Duration.ofMinutes(3)).until(() -> fleet.results.keySet().containsAll(batchIds));
        long batchesSoFar = fleet.results.size();
        await().atMost(Duration.ofMinutes(1)).until(() -> fleet.batchSubscription().acked() == batchesSoFar);
        assertThat(fleet.batchSubscription()).extracting(SubscriptionStats::delivered, SubscriptionStats::redelivered)
                .containsExactly(batchesSoFar, 0L);
        for (String batchId : batchIds) {
            assertThat(fleet.results.get(batchId)).as("results of " + batchId).hasSize(1);
            JsonNode result = JSON.readTree(fleet.results.get(batchId).get(0).getData().toByteArray());
            assertThat(result.get("resolved").asInt()).as("resolved in " + batchId).isEqualTo(20);
        }
    }

    private HealthCheck.Result sharedStateCheck(int replica) {
        return HealthCheckRegistry.get(fleet.replica(replica).context()).getCheck("shared-state").orElseThrow().call();
    }
}
