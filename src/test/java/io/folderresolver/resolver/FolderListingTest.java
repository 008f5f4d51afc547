package io.folderresolver.resolver;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.Entries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listing behind the bulk warm-up, on the official client against the stand-in: pages refused for the search
 * quota are retried until the listing is whole, and a listing larger than the cache fills it to its bound only.
 */
class FolderListingTest {

    private static final int FOLDERS = 2_500;

    private FoldersStandIn standIn;
    private FoldersClient client;

    @AfterEach
    void close() {
        client.close();
        standIn.close();
    }

    private ApiAccess api(StandInBehaviour behaviour) {
        FolderTree tree = new FolderTree();
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
        FolderListing listing = new FolderListing(client, ApiRateLimiter.systemClock(100, 1), CallQuota.UNSHARED, api.retries(),
                new SimpleMeterRegistry());
        int[] taken = {0};

        long listed = listing.list(folder -> taken[0]++);

        assertThat(listed).isEqualTo(FOLDERS);
        assertThat(taken[0]).isEqualTo(FOLDERS);
        assertThat(standIn.counters().resourceExhausted()).isPositive();
        assertThat(standIn.counters().searchCalls()).isEqualTo(3 + standIn.counters().resourceExhausted());
    }

    @Test
    void should_fill_the_cache_only_to_its_bound_from_a_larger_listing() {
        ApiAccess api = api(StandInBehaviour.immediate());
        FolderResolver resolver = FolderResolverFactory.create(api,
                new FolderResolver.CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(5)), Ticker.systemTicker());
        BulkWarmUp warmUp = FolderResolverFactory.bulkWarmUp(resolver, api, ApiRateLimiter.systemClock(100, 100),
                CallQuota.UNSHARED, new BulkWarmUp.Settings(true, 10, 10, 100, Duration.ofMinutes(5)), new SimpleMeterRegistry());

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
                new BulkWarmUp.Settings(true, 10, 10, 100, Duration.ofMinutes(5)),
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
