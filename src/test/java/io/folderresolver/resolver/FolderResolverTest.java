package io.folderresolver.resolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.folders.StandInClients;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The resolver on the official FoldersClient, over gRPC, against the stand-in. */
class FolderResolverTest {

    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration NEGATIVE_TTL = Duration.ofMinutes(5);

    private final FolderTree tree = new FolderTree()
            .add("100", "organizations/1", "Engineering")
            .add("200", "folders/100", "Platform");
    private StandInClients api;

    /** @param maxAttempts attempts per lookup at most (0 = until the retry deadline, minutes away) */
    private FolderResolver resolverOn(StandInBehaviour behaviour, int maxAttempts) {
        api = new StandInClients(tree, behaviour, maxAttempts);
        return FolderResolverFactory.create(api.api,
                new FolderResolver.CacheSettings(1000, TTL, NEGATIVE_TTL), api.clock);
    }

    private FolderResolver resolver() {
        return resolverOn(StandInBehaviour.immediate().withNotFound(Set.of("404")), 0);
    }

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    private static BatchEntry entry(int index, String folderId) {
        return BatchEntry.valid(index, folderId, folderId);
    }

    @Test
    void should_resolve_a_folder_to_its_display_name() {
        FolderResult result = resolver().resolve(entry(3, "200"));

        assertThat(result).isEqualTo(new FolderResult(3, "200", "Platform", FolderStatus.RESOLVED, null, null, "folders/100", null));
    }

    @Test
    void should_call_the_api_once_when_100_threads_ask_for_the_same_id_at_once() throws Exception {
        FolderResolver resolver = resolver();
        api.standIn.delay("100", Duration.ofMillis(300));
        ExecutorService askers = Executors.newFixedThreadPool(100);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FolderResult>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int index = i;
            answers.add(askers.submit(() -> {
                start.await();
                return resolver.resolve(entry(index, "100"));
            }));
        }
        start.countDown();

        for (Future<FolderResult> answer : answers) {
            assertThat(answer.get().displayName()).isEqualTo("Engineering");
        }
        askers.shutdown();
        assertThat(api.standIn.counters().getFolderCalls("100")).isEqualTo(1);
    }

    @Test
    void should_answer_from_the_cache_until_the_ttl_passes() {
        FolderResolver resolver = resolver();

        resolver.resolve(entry(0, "100"));
        api.clock.advance(TTL.minusSeconds(1));
        resolver.resolve(entry(1, "100"));
        assertThat(api.standIn.counters().getFolderCalls("100")).isEqualTo(1);

        api.clock.advance(Duration.ofSeconds(2));
        assertThat(resolver.resolve(entry(2, "100")).displayName()).isEqualTo("Engineering");
        assertThat(api.standIn.counters().getFolderCalls("100")).isEqualTo(2);
    }

    @Test
    void should_cache_refusals_for_the_shorter_negative_ttl() {
        FolderResolver resolver = resolver();

        assertThat(resolver.resolve(entry(0, "404")).status()).isEqualTo(FolderStatus.NOT_FOUND);
        assertThat(resolver.resolve(entry(1, "777")).status()).isEqualTo(FolderStatus.PERMISSION_DENIED);
        resolver.resolve(entry(2, "100"));
        resolver.resolve(entry(3, "404"));
        resolver.resolve(entry(4, "777"));
        assertThat(api.standIn.counters().getFolderCalls()).isEqualTo(3);

        api.clock.advance(NEGATIVE_TTL.plusSeconds(1));
        resolver.resolve(entry(5, "404"));
        resolver.resolve(entry(6, "777"));
        resolver.resolve(entry(7, "100"));
        assertThat(api.standIn.counters().getFolderCalls("404")).isEqualTo(2);
        assertThat(api.standIn.counters().getFolderCalls("777")).isEqualTo(2);
        assertThat(api.standIn.counters().getFolderCalls("100")).isEqualTo(1);
    }

    @Test
    void should_map_permanent_errors_at_once_without_retrying() {
        FolderResolver resolver = resolverOn(StandInBehaviour.immediate()
                .withNotFound(Set.of("404")).withPermissionDenied(Set.of("100")), 0);

        FolderResult notFound = resolver.resolve(entry(0, "404"));
        FolderResult denied = resolver.resolve(entry(1, "100"));

        assertThat(notFound.status()).isEqualTo(FolderStatus.NOT_FOUND);
        assertThat(notFound.error()).startsWith("NOT_FOUND");
        assertThat(denied.status()).isEqualTo(FolderStatus.PERMISSION_DENIED);
        assertThat(denied.error()).contains("resourcemanager.folders.get");
        assertThat(denied.displayName()).isNull();
        assertThat(api.standIn.counters().getFolderCalls()).isEqualTo(2);
    }

    @Test
    void should_retry_transient_errors_then_resolve() {
        FolderResolver resolver = resolver();
        api.standIn.failNext("100", Status.Code.UNAVAILABLE, 1);
        api.standIn.failNext("100", Status.Code.INTERNAL, 1);
        api.standIn.failNext("100", Status.Code.DEADLINE_EXCEEDED, 1);

        FolderResult result = resolver.resolve(entry(0, "100"));

        assertThat(result.status()).isEqualTo(FolderStatus.RESOLVED);
        assertThat(result.displayName()).isEqualTo("Engineering");
        assertThat(api.standIn.counters().getFolderCalls("100")).isEqualTo(4);
    }

    @Test
    void should_report_failed_when_retries_run_out_and_ask_again_next_time() {
        // Bounded by attempts, not by time: the outcome cannot depend on how fast the machine is.
        FolderResolver resolver = resolverOn(StandInBehaviour.immediate(), 3);
        api.standIn.failNext("100", Status.Code.UNAVAILABLE, 1000);
        // One ID keeps failing while the API answers others: flaky, not down, so its retries run out.
        answerOthers(resolver, 7, 0);

        FolderResult failed = resolver.resolve(entry(0, "100"));

        assertThat(failed.status()).isEqualTo(FolderStatus.FAILED);
        assertThat(failed.error()).startsWith("UNAVAILABLE");
        assertThat(api.standIn.counters().getFolderCalls("100")).isEqualTo(3);

        answerOthers(resolver, 7, 100);
        assertThat(resolver.resolve(entry(1, "100")).status()).isEqualTo(FolderStatus.FAILED);
        assertThat(api.standIn.counters().getFolderCalls("100")).isEqualTo(6);
    }

    /** Lookups of unknown IDs, which the API answers (as the real one: PERMISSION_DENIED), so it is reachable. */
    private static void answerOthers(FolderResolver resolver, int count, int from) {
        for (int i = 0; i < count; i++) {
            assertThat(resolver.resolve(entry(i, Integer.toString(9000 + from + i))).status())
                    .isEqualTo(FolderStatus.PERMISSION_DENIED);
        }
    }

    @Test
    void should_slow_the_limiter_down_when_the_api_answers_resource_exhausted() {
        FolderResolver resolver = resolverOn(StandInBehaviour.immediate().withQuotaPerSecond(1), 1);

        assertThat(resolver.resolve(entry(0, "100")).status()).isEqualTo(FolderStatus.RESOLVED);
        assertThat(api.limiter.isSlowedDown()).isFalse();

        FolderResult refused = resolver.resolve(entry(1, "200"));

        assertThat(refused.status()).isEqualTo(FolderStatus.FAILED);
        assertThat(refused.error()).startsWith("RESOURCE_EXHAUSTED");
        assertThat(api.limiter.isSlowedDown()).isTrue();
    }

    @Test
    void should_not_ask_the_api_about_invalid_entries() {
        FolderResult result = resolver().resolve(BatchEntry.invalid(4, "abc", "expected <digits> or folders/<digits>"));

        assertThat(result).isEqualTo(new FolderResult(4, "abc", null, FolderStatus.INVALID,
                "expected <digits> or folders/<digits>"));
        assertThat(api.standIn.counters().getFolderCalls()).isZero();
    }
}
