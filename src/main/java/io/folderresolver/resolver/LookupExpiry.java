package io.folderresolver.resolver;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Expiry;
import io.folderresolver.batch.FolderStatus;

/**
 * Names live for {@code ttl}; refusals (NOT_FOUND, PERMISSION_DENIED, INVALID) for the shorter {@code negativeTtl};
 * FAILED lookups not at all.
 */
final class LookupExpiry implements Expiry<String, FolderLookup> {

    private final long ttlNanos;
    private final long negativeTtlNanos;

    LookupExpiry(Duration ttl, Duration negativeTtl) {
        this.ttlNanos = ttl.toNanos();
        this.negativeTtlNanos = negativeTtl.toNanos();
    }

    @Override
    public long expireAfterCreate(String folderId, FolderLookup lookup, long currentTime) {
        if (lookup.status() == FolderStatus.FAILED) {
            return 0;
        }
        return lookup.isResolved() ? ttlNanos : negativeTtlNanos;
    }

    @Override
    public long expireAfterUpdate(String folderId, FolderLookup lookup, long currentTime, long currentDuration) {
        return expireAfterCreate(folderId, lookup, currentTime);
    }

    @Override
    public long expireAfterRead(String folderId, FolderLookup lookup, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
