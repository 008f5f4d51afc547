package io.folderresolver.resolver;

import java.time.Instant;

import com.google.cloud.resourcemanager.v3.Folder;
import com.google.protobuf.Timestamp;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;

/**
 * What the API said about one folder ID. The cache keeps names and refusals; a FAILED lookup (a transient failure
 * that outlived its retries) expires the moment it is made, so it reaches only the callers that shared its call.
 * {@code state} is null for an ACTIVE folder, else its state ({@code DELETE_REQUESTED}). {@code origin} says where
 * and when it was learned, and orders answers for one folder (a feed message never replaces a newer answer).
 */
public record FolderLookup(FolderStatus status, String displayName, String parent, String error, String state,
        Origin origin) {

    public FolderLookup(FolderStatus status, String displayName, String parent, String error, String state) {
        this(status, displayName, parent, error, state, Origin.UNKNOWN);
    }

    /** @param parent {@code folders/N} or {@code organizations/N}, as the API gives it */
    public static FolderLookup resolved(String displayName, String parent) {
        return new FolderLookup(FolderStatus.RESOLVED, displayName, parent, null, null);
    }

    /** The folder as GetFolder or a listing gives it, its state and update time included. */
    public static FolderLookup of(Folder folder, String via, Instant observedAt) {
        Folder.State state = folder.getState();
        boolean active = state == Folder.State.ACTIVE || state == Folder.State.STATE_UNSPECIFIED;
        return new FolderLookup(FolderStatus.RESOLVED, folder.getDisplayName(), folder.getParent(), null,
                active ? null : state.name(),
                new Origin(via, observedAt, folder.hasUpdateTime() ? instant(folder.getUpdateTime()) : null, null));
    }

    public static FolderLookup refused(FolderStatus status, String error) {
        return new FolderLookup(status, null, null, error, null);
    }

    static FolderLookup failed(String error) {
        return new FolderLookup(FolderStatus.FAILED, null, null, error, null);
    }

    /** The same answer, learned as {@code origin} says. */
    public FolderLookup from(Origin origin) {
        return new FolderLookup(status, displayName, parent, error, state, origin);
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    public boolean isResolved() {
        return status == FolderStatus.RESOLVED;
    }

    /** @param includeDeleted {@code output.include-deleted}: false withholds the name of a folder being deleted */
    FolderResult toResult(BatchEntry entry, boolean includeDeleted) {
        if (state != null && !includeDeleted) {
            return new FolderResult(entry.index(), entry.folderId(), null, FolderStatus.DELETE_REQUESTED, state,
                    "the folder is being deleted (" + state + "); output.include-deleted=false withholds its name",
                    null, null);
        }
        return new FolderResult(entry.index(), entry.folderId(), displayName, status, state, error, parent, null);
    }
}
