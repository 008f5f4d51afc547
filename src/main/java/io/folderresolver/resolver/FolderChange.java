package io.folderresolver.resolver;

import java.time.Instant;

import com.google.cloud.resourcemanager.v3.Folder;
import io.folderresolver.batch.FolderStatus;

/**
 * A folder's state as Cloud Asset Inventory reported it (a feed message, or a reconciliation): its name, parent and
 * state, or that it is gone. {@code state} is null for an ACTIVE folder. Gone means purged: GetFolder would now
 * answer PERMISSION_DENIED, and so does the cache.
 */
public record FolderChange(String folderId, String displayName, String parent, String state, boolean gone,
        Origin origin) {

    public static FolderChange present(String folderId, String displayName, String parent, String state, Origin origin) {
        boolean active = state == null || "ACTIVE".equals(state) || "STATE_UNSPECIFIED".equals(state);
        return new FolderChange(folderId, displayName, parent, active ? null : state, false, origin);
    }

    /** A folder as a listing or search gives it: its state, and its update time as the change's time. */
    static FolderChange of(Folder folder, String via, Instant observedAt) {
        FolderLookup seen = FolderLookup.of(folder, via, observedAt);
        return new FolderChange(folder.getName().substring("folders/".length()), seen.displayName(), seen.parent(),
                seen.state(), false, seen.origin());
    }

    /** The change an answer shows (as another replica announced it): the folder gone unless RESOLVED. */
    public static FolderChange of(String folderId, FolderLookup answer) {
        return answer.isResolved() ? new FolderChange(folderId, answer.displayName(), answer.parent(), answer.state(),
                false, answer.origin()) : gone(folderId, answer.origin());
    }

    public static FolderChange gone(String folderId, Origin origin) {
        return new FolderChange(folderId, null, null, null, true, origin);
    }

    /** The answer the cache keeps for it, as GetFolder would give it now. */
    public FolderLookup lookup() {
        if (gone) {
            return new FolderLookup(FolderStatus.PERMISSION_DENIED, null, null,
                    "PERMISSION_DENIED: folders/" + folderId + " no longer exists (deleted; Cloud Asset Inventory "
                            + origin.via() + ", changed " + origin.changedAt() + ")", null, origin);
        }
        return new FolderLookup(FolderStatus.RESOLVED, displayName, parent, null, state, origin);
    }
}
