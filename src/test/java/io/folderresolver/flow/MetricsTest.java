package io.folderresolver.flow;

import java.util.Map;

import io.folderresolver.local.folders.StandInBehaviour;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * /observe/metrics scraped over HTTP before and after a batch, as Prometheus does: the service's counters moved by
 * what the batch did, and no more.
 */
class MetricsTest extends FileFlowTestSupport {

    @Override
    StandInBehaviour behaviour() {
        return StandInBehaviour.immediate().withNotFound(java.util.Set.of("404"));
    }

    @Test
    void should_count_entries_api_calls_cache_and_batches_of_a_batch() throws Exception {
        warmUp();
        Map<String, Double> before = metrics();

        // 111 twice (one call, one cache hit), 222, 404 (NOT_FOUND), and one invalid entry.
        drop("counted.txt", "111\n222\n111\n404\nnot-an-id\n");
        awaitResult("counted");
        Map<String, Double> after = metrics();

        assertThat(delta(before, after, "folder_resolver_entries_total{status=\"RESOLVED\"}")).isEqualTo(3);
        assertThat(delta(before, after, "folder_resolver_entries_total{status=\"NOT_FOUND\"}")).isEqualTo(1);
        assertThat(delta(before, after, "folder_resolver_entries_total{status=\"INVALID\"}")).isEqualTo(1);
        assertThat(delta(before, after, "folder_resolver_api_calls_total{code=\"OK\"}")).isEqualTo(2);
        assertThat(delta(before, after, "folder_resolver_api_calls_total{code=\"NOT_FOUND\"}")).isEqualTo(1);
        assertThat(delta(before, after, "folder_resolver_limiter_wait_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "cache_gets_total{cache=\"folders\",result=\"miss\"}")).isEqualTo(3);
        assertThat(delta(before, after, "cache_gets_total{cache=\"folders\",result=\"hit\"}")).isEqualTo(1);
        assertThat(delta(before, after, "folder_resolver_batches_total{outcome=\"delivered\",source=\"file\"}")).isEqualTo(1);
        assertThat(delta(before, after,
                "folder_resolver_batch_duration_seconds_count{outcome=\"delivered\",source=\"file\"}")).isEqualTo(1);
        assertThat(after.get("folder_resolver_entries_in_flight")).isEqualTo(0);
        assertThat(after.get("folder_resolver_limiter_rate")).isCloseTo(1000, within(0.001));
    }

    @Test
    void should_count_a_rejected_batch() throws Exception {
        Map<String, Double> before = metrics();

        drop("broken.json", "{\"folderIds\": [");
        await().until(() -> delta(before, metrics(), "folder_resolver_batches_total{outcome=\"rejected\",source=\"file\"}") == 1);
    }

    private static org.awaitility.core.ConditionFactory await() {
        return org.awaitility.Awaitility.await();
    }
}
