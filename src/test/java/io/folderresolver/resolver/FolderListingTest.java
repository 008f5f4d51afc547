package io.folderresolver.resolver;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.Entries;
import io.folderresolver.testing.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listing behind the bulk warm-up, on the official client against the stand-in: pages refused for the search
 * quota are retried until the listing is whole, pages of any size are followed to the end, a listing larger than the
 * cache fills it to its bound only, and a refresh never replaces an answer newer than what it shows.
 */
class FolderListingTest {

    private static final int FOLDERS = 2_500;

    private final FolderTree tree = new FolderTree();
    private FoldersStandIn standIn;
    private FoldersClient client;

    @AfterEach
    void close() {
        client.close();
        standIn.close();
    }

    private ApiAccess api(StandInBehaviour behaviour) {
        IntStream.range(0, FOLDERS).forEach(i -> tree.add(Integer.toString(10_000 + i), "organizations/1", "team-" + i));
        standIn = FoldersStandIn.start(tree, behaviour, 0);
        client = new FoldersConnection(standIn.address(), true, Duration.ofMinutes(1)).open();
        return new ApiAccess(client, ApiRateLimiter.systemClock(1000, 1000),
                new ApiAvailability(Duration.ofMinutes(5), Duration.ofMillis(50), Clock.systemUTC()),
                new LookupRetries(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(2), 0));
    }

    @Test
    void should_retry_pages_refused_for_the_search_quota_until_the_listing_is_whole() throws Exception {
        // One search a second on the server, a hundred asked for: pages 2 and 3 meet RESOURCE_EXHAUSTED first.
        ApiAccess api = api(StandInBehaviour.immediate().withSearchQuota(1));
        FolderListing listing = listing(api, 100);
        int[] taken = {0};

        long listed = listing.list(folder -> taken[0]++).folders();

        assertThat(listed).isEqualTo(FOLDERS);
        assertThat(taken[0]).isEqualTo(FOLDERS);
        assertThat(standIn.counters().resourceExhausted()).isPositive();
        assertThat(standIn.counters().searchCalls()).isEqualTo(3 + standIn.counters().resourceExhausted());
    }

    private FolderListing listing(ApiAccess api, int pagesPerSecond) {
        return new FolderListing(client, ApiRateLimiter.systemClock(pagesPerSecond, 1), CallQuota.UNSHARED,
                api.retries(), pagesPerSecond, Duration.ofSeconds(30), new SimpleMeterRegistry());
    }

    /** Google promises no page size ("the server can return fewer"): the listing follows next_page_token to the end. */
    @ParameterizedTest
    @ValueSource(ints = {100, 37})
    void should_list_every_folder_whatever_size_the_server_gives_a_page(int pageCap) throws Exception {
        ApiAccess api = api(StandInBehaviour.immediate().withSearchPageCap(pageCap));
        Set<String> seen = new HashSet<>();

        FolderListing.Listed listed = listing(api, 1000).list(folder -> seen.add(folder.getName()));

        long pages = (FOLDERS + pageCap - 1) / pageCap;
        assertThat(listed).isEqualTo(new FolderListing.Listed(FOLDERS, pages));
        assertThat(seen).hasSize(FOLDERS);
        assertThat(standIn.counters().searchCalls()).isEqualTo(pages);
    }

    /**
     * Search is eventually consistent: a refresh that shows a folder's old name must not replace the new one GetFolder
     * brought while the listing ran.
     */
    @Test
    void should_never_replace_an_answer_that_came_in_after_the_listing_started() {
        ApiAccess api = api(StandInBehaviour.immediate().withSearchLag(Duration.ofHours(1)));
        FakeClock ticker = new FakeClock();
        FolderResolver resolver = FolderResolverFactory.create(api,
                new FolderResolver.CacheSettings(10_000, Duration.ofHours(1), Duration.ofMinutes(5)), ticker);
        BulkWarmUp warmUp = FolderResolverFactory.bulkWarmUp(resolver, api, ApiRateLimiter.systemClock(100, 100),
                CallQuota.UNSHARED, new BulkWarmUp.Settings(true, 10, 10, 100, Duration.ofMinutes(5), Duration.ofSeconds(30)),
                new SimpleMeterRegistry());
        warmUp.before(Entries.of(IntStream.range(0, 20).mapToObj(i -> BatchEntry.valid(i, "x", Integer.toString(10_000 + i))).toList()));
        long firstListing = standIn.counters().searchCalls();
        // Renamed: GetFolder sees it at once, search only an hour later. The cached name expires meanwhile.
        tree.update("10000", "organizations/1", "renamed", Folder.State.ACTIVE);
        ticker.advance(Duration.ofHours(2));

        standIn.holdSearches(true);
        CompletableFuture<Void> refresh = CompletableFuture.runAsync(warmUp::refresh);
        await().until(() -> standIn.counters().searchCalls() > firstListing);
        assertThat(resolver.resolve(BatchEntry.valid(0, "10000", "10000")).displayName()).isEqualTo("renamed");
        standIn.holdSearches(false);
        refresh.join();

        assertThat(resolver.resultIfKnown(BatchEntry.valid(0, "10000", "10000")).displayName()).isEqualTo("renamed");
        assertThat(resolver.resultIfKnown(BatchEntry.valid(1, "10001", "10001")).displayName()).isEqualTo("team-1");
    }

    @Test
    void should_fill_the_cache_only_to_its_bound_from_a_larger_listing() {
        ApiAccess api = api(StandInBehaviour.immediate());
        FolderResolver resolver = FolderResolverFactory.create(api,
                new FolderResolver.CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(5)), Ticker.systemTicker());
        BulkWarmUp warmUp = FolderResolverFactory.bulkWarmUp(resolver, api, ApiRateLimiter.systemClock(100, 100),
                CallQuota.UNSHARED, new BulkWarmUp.Settings(true, 10, 10, 100, Duration.ofMinutes(5), Duration.ofSeconds(30)), new SimpleMeterRegistry());

        warmUp.before(Entries.of(IntStream.range(0, 20).mapToObj(i -> BatchEntry.valid(i, "x", Integer.toString(10_000 + i))).toList()));

        long known = IntStream.range(0, FOLDERS).filter(i -> resolver.knows(Integer.toString(10_000 + i))).count();
        assertThat(known).isEqualTo(100);
        assertThat(standIn.counters().searchCalls()).isEqualTo(3);
    }

    @Test
    void should_not_list_again_within_the_min_interval_after_a_listing_that_failed() {
        ApiAccess api = api(StandInBehaviour.immediate());
        standIn.unavailable(true);
        FolderResolver resolver = FolderResolverFactory.create(api,
                new FolderResolver.CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(5)), Ticker.systemTicker());
        BulkWarmUp warmUp = FolderResolverFactory.bulkWarmUp(resolver,
                new ApiAccess(client, api.limiter(), api.availability(),
                        new LookupRetries(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(200), 0)),
                ApiRateLimiter.systemClock(100, 100), CallQuota.UNSHARED,
                new BulkWarmUp.Settings(true, 10, 10, 100, Duration.ofMinutes(5), Duration.ofSeconds(30)),
                new SimpleMeterRegistry());
        List<BatchEntry> batch = IntStream.range(0, 20).mapToObj(i -> BatchEntry.valid(i, "x", Integer.toString(10_000 + i))).toList();

        warmUp.before(Entries.of(batch));
        long afterFailure = standIn.counters().searchCalls();
        warmUp.before(Entries.of(batch));

        assertThat(afterFailure).isPositive();
        assertThat(standIn.counters().searchCalls()).isEqualTo(afterFailure);
        assertThat(resolver.knows("10000")).isFalse();
    }
}
