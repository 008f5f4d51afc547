package io.folderresolver.resolver;

import java.time.Clock;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.cloud.asset.v1.AssetServiceClient;
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
     */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache,
            FolderResolver.ResultOptions options, MeterRegistry meters, UnaryOperator<LookupSource> shared) {
        return new FolderResolver(shared.apply(new FolderLookupLoader(api, meters, Clock.systemUTC())), cache, options,
                Ticker.systemTicker(), Clock.systemUTC(), meters);
    }

    /**
     * @param paths          {@code output.paths}
     * @param includeDeleted {@code output.include-deleted}
     */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache, boolean paths,
            boolean includeDeleted, MeterRegistry meters, UnaryOperator<LookupSource> shared) {
        return create(api, cache, new FolderResolver.ResultOptions(paths, includeDeleted, false), meters, shared);
    }

    /**
     * The bulk warm-up in front of {@code resolver}: listings through the same client, on a token bucket of their own
     * ({@code searchLimiter}, then the fleet's {@code searchFleetQuota}), retried as lookups are.
     */
    public static BulkWarmUp bulkWarmUp(FolderResolver resolver, ApiAccess api, ApiRateLimiter searchLimiter,
            CallQuota searchFleetQuota, BulkWarmUp.Settings settings, MeterRegistry meters) {
        return new BulkWarmUp(resolver,
                new FolderListing(api.client(), searchLimiter, searchFleetQuota, api.retries(), settings.listingRate(),
                        settings.progressInterval(), meters), settings,
                System::nanoTime);
    }

    /**
     * The bulk warm-up listing through Cloud Asset Inventory's ListAssets ({@code resolver.bulk.source=asset-inventory})
     * under {@code scope}, on a bucket of its own ({@code assetLimiter}, then the fleet's {@code assetFleetQuota}):
     * names, parents and states of the whole scope without a call on the Folders API's quota.
     */
    public static BulkWarmUp assetWarmUp(FolderResolver resolver, AssetServiceClient assets, String scope,
            LookupRetries retries, CallQuota assetLimiter, CallQuota assetFleetQuota, BulkWarmUp.Settings settings,
            MeterRegistry meters) {
        return new BulkWarmUp(resolver,
                new FolderListing(AssetPages.listAssets(assets, scope, meters), assetLimiter, assetFleetQuota, retries,
                        settings.listingRate(), settings.progressInterval()), settings,
                System::nanoTime);
    }

    /** With a ticker of the caller's choosing, so tests can move time; meters kept in memory. */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache, Ticker ticker) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new FolderResolver(new FolderLookupLoader(api, meters, Clock.systemUTC()), cache,
                new FolderResolver.ResultOptions(false, true, false), ticker, Clock.systemUTC(), meters);
    }
}
