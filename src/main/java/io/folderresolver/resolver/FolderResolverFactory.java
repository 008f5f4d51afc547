package io.folderresolver.resolver;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.cloud.resourcemanager.v3.FoldersClient;

/** Builds a {@link FolderResolver} on an official {@link FoldersClient}; the one way in from outside this package. */
public final class FolderResolverFactory {

    private FolderResolverFactory() {
    }

    public static FolderResolver create(FoldersClient client, FolderResolver.CacheSettings cache) {
        return create(client, cache, Ticker.systemTicker());
    }

    /** With a ticker of the caller's choosing, so tests can move time. */
    public static FolderResolver create(FoldersClient client, FolderResolver.CacheSettings cache, Ticker ticker) {
        return new FolderResolver(new FolderLookupLoader(client), cache, ticker);
    }
}
