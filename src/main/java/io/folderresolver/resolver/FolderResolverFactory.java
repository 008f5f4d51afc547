package io.folderresolver.resolver;

import java.time.Clock;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Builds a {@link FolderResolver} on the official FoldersClient; the one way in from outside this package. */
public final class FolderResolverFactory {

    private FolderResolverFactory() {
    }

    /**
     * Its meters (entries, cache, API calls, token waits) go to the service's registry. With {@code shared} in front
     * of the API: what the cache asks when it does not know an ID (a store the replicas share, which asks the API it
     * is given only for what no replica knows).
     *
     * @param paths          {@code output.paths}
     * @param includeDeleted {@code output.include-deleted}
     */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache, boolean paths,
            boolean includeDeleted, MeterRegistry meters, UnaryOperator<LookupSource> shared) {
        return new FolderResolver(shared.apply(new FolderLookupLoader(api, meters, Clock.systemUTC())), cache, paths,
                includeDeleted, Ticker.systemTicker(), Clock.systemUTC(), meters);
    }

    /**
     * The bulk warm-up in front of {@code resolver}: listings through the same client, on a token bucket of their own
     * ({@code searchLimiter}, then the fleet's {@code searchFleetQuota}), retried as lookups are.
     */
    public static BulkWarmUp bulkWarmUp(FolderResolver resolver, ApiAccess api, ApiRateLimiter searchLimiter,
            CallQuota searchFleetQuota, BulkWarmUp.Settings settings, MeterRegistry meters) {
        return new BulkWarmUp(resolver,
                new FolderListing(api.client(), searchLimiter, searchFleetQuota, api.retries(), settings.searchRate(),
                        settings.progressInterval(), meters), settings,
                System::nanoTime);
    }

    /** With a ticker of the caller's choosing, so tests can move time; meters kept in memory. */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache, Ticker ticker) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new FolderResolver(new FolderLookupLoader(api, meters, Clock.systemUTC()), cache, false, true, ticker,
                Clock.systemUTC(), meters);
    }
}
