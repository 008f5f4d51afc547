package io.folderresolver.resolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.folders.StandInClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages of the Folders API during a batch: lookups wait while it is down and resume when it is back, so no name
 * is lost; past the tolerance they fail with a clear error. Real outages: the stand-in is stopped and started
 * again on the same port, or answers UNAVAILABLE to everything.
 */
class ApiOutageTest {

    private static final int IDS = 40;
    private static final StandInBehaviour SLOW_ENOUGH = StandInBehaviour.immediate()
            .withLatency(Duration.ofMillis(20), Duration.ZERO);

    private final FolderTree tree = new FolderTree();
    private StandInClients api;
    private FoldersStandIn restarted;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    ApiOutageTest() {
        for (int i = 0; i < IDS; i++) {
            tree.add(Integer.toString(1000 + i), "organizations/1", "folder-" + i);
        }
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        if (restarted != null) {
            restarted.close();
        }
        api.close();
    }

    private List<Future<FolderResult>> resolveAll(FolderResolver resolver) {
        List<Future<FolderResult>> results = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
            BatchEntry entry = BatchEntry.valid(i, Integer.toString(1000 + i), Integer.toString(1000 + i));
            results.add(pool.submit(() -> resolver.resolve(entry)));
        }
        return results;
    }

    private static List<FolderStatus> statuses(List<Future<FolderResult>> results) throws Exception {
        List<FolderStatus> statuses = new ArrayList<>();
        for (Future<FolderResult> result : results) {
            statuses.add(result.get().status());
        }
        return statuses;
    }

    private FolderResolver resolver() {
        return FolderResolverFactory.create(api.api, new FolderResolver.CacheSettings(1000, Duration.ofHours(1),
                Duration.ofMinutes(5)), api.clock);
    }

    @Test
    void should_wait_out_a_stopped_api_and_lose_no_name() throws Exception {
        api = new StandInClients(tree, SLOW_ENOUGH, 0);
        int port = Integer.parseInt(api.standIn.address().substring(api.standIn.address().lastIndexOf(':') + 1));
        List<Future<FolderResult>> results = resolveAll(resolver());
        await().until(() -> api.standIn.counters().getFolderCalls() >= 10);

        api.standIn.close();
        await().until(() -> api.availability.state() == CircuitBreaker.State.OPEN);
        restarted = FoldersStandIn.start(tree, SLOW_ENOUGH, port);

        assertThat(statuses(results)).hasSize(IDS).containsOnly(FolderStatus.RESOLVED);
        assertThat(api.availability.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void should_wait_out_an_api_answering_unavailable_and_lose_no_name() throws Exception {
        api = new StandInClients(tree, SLOW_ENOUGH, 0);
        List<Future<FolderResult>> results = resolveAll(resolver());
        await().until(() -> api.standIn.counters().getFolderCalls() >= 10);

        api.standIn.unavailable(true);
        await().until(() -> api.availability.state() == CircuitBreaker.State.OPEN);
        long unavailableAnswers = api.standIn.counters().unavailable();
        await().until(() -> api.standIn.counters().unavailable() > unavailableAnswers); // a probe met the outage
        api.standIn.unavailable(false);

        assertThat(statuses(results)).hasSize(IDS).containsOnly(FolderStatus.RESOLVED);
    }

    @Test
    void should_not_spend_a_lone_entrys_attempts_on_probes_once_the_breaker_opens() throws Exception {
        api = new StandInClients(tree, SLOW_ENOUGH, 6);
        FolderResolver resolver = resolver();
        assertThat(resolver.resolve(BatchEntry.valid(0, "1000", "1000")).status()).isEqualTo(FolderStatus.RESOLVED);

        api.standIn.unavailable(true);
        Future<FolderResult> lone = pool.submit(() -> resolver.resolve(BatchEntry.valid(1, "1001", "1001")));
        // Five failures open the breaker; from then on its calls are the probes: ten in all, more than its 6 attempts.
        await().until(() -> api.standIn.counters().unavailable() >= 10);
        api.standIn.unavailable(false);

        assertThat(lone.get().status()).isEqualTo(FolderStatus.RESOLVED);
    }

    @Test
    void should_send_the_first_call_of_a_fresh_service_alone() throws Exception {
        api = new StandInClients(tree, SLOW_ENOUGH, 0);
        api.standIn.counters().recordArrivals();
        api.standIn.delay("1000", Duration.ofMillis(300));

        List<Future<FolderResult>> results = resolveAll(resolver());

        assertThat(statuses(results)).containsOnly(FolderStatus.RESOLVED);
        List<io.folderresolver.local.folders.CallCounters.Arrival> arrivals = api.standIn.counters().arrivals();
        // Whichever call went first was answered before any other left: none queued on a connecting channel.
        long first = arrivals.get(0).nanos();
        long firstAnswered = first + (arrivals.get(0).folderId().equals("1000") ? 300 : 20) * 1_000_000L;
        assertThat(arrivals.subList(1, arrivals.size())).allSatisfy(later -> assertThat(later.nanos()).isGreaterThan(firstAnswered));
    }

    @Test
    void should_fail_lookups_once_the_outage_outlasts_the_tolerance() throws Exception {
        api = new StandInClients(tree, SLOW_ENOUGH, 0, Duration.ofMillis(300));
        api.standIn.close();

        List<Future<FolderResult>> results = resolveAll(resolver());

        for (Future<FolderResult> result : results) {
            assertThat(result.get().status()).isEqualTo(FolderStatus.FAILED);
            assertThat(result.get().error()).startsWith("UNAVAILABLE");
        }
        assertThat(results.get(IDS - 1).get().error()).contains("longer than resolver.outage-tolerance (PT0.3S)");
    }
}
