package io.folderresolver.resolver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.github.benmanes.caffeine.cache.Ticker;

/** Builds a {@link FolderResolver} on the official FoldersClient; the one way in from outside this package. */
public final class FolderResolverFactory {

    private FolderResolverFactory() {
    }

    /** Its meters (entries, cache, API calls, token waits) go to the service's registry. */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache, MeterRegistry meters) {
        return new FolderResolver(new FolderLookupLoader(api, meters), cache, Ticker.systemTicker(), meters);
    }

    /** With a ticker of the caller's choosing, so tests can move time; meters kept in memory. */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache, Ticker ticker) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new FolderResolver(new FolderLookupLoader(api, meters), cache, ticker, meters);
    }
}
