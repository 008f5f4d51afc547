package io.folderresolver.resolver;

import com.github.benmanes.caffeine.cache.Ticker;

/** Builds a {@link FolderResolver} on the official FoldersClient; the one way in from outside this package. */
public final class FolderResolverFactory {

    private FolderResolverFactory() {
    }

    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache) {
        return create(api, cache, Ticker.systemTicker());
    }

    /** With a ticker of the caller's choosing, so tests can move time. */
    public static FolderResolver create(ApiAccess api, FolderResolver.CacheSettings cache, Ticker ticker) {
        return new FolderResolver(new FolderLookupLoader(api), cache, ticker);
    }
}
