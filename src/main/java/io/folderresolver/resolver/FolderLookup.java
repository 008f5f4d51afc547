package io.folderresolver.resolver;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;

/**
 * What the API said about one folder ID. The cache keeps names and refusals; a FAILED lookup (a transient failure
 * that outlived its retries) expires the moment it is made, so it reaches only the callers that shared its call.
 */
public record FolderLookup(FolderStatus status, String displayName, String parent, String error) {

    /** @param parent {@code folders/N} or {@code organizations/N}, as the API gives it */
    public static FolderLookup resolved(String displayName, String parent) {
        return new FolderLookup(FolderStatus.RESOLVED, displayName, parent, null);
    }

    public static FolderLookup refused(FolderStatus status, String error) {
        return new FolderLookup(status, null, null, error);
    }

    static FolderLookup failed(String error) {
        return new FolderLookup(FolderStatus.FAILED, null, null, error);
    }

    public boolean isResolved() {
        return status == FolderStatus.RESOLVED;
    }

    FolderResult toResult(BatchEntry entry) {
        return new FolderResult(entry.index(), entry.folderId(), displayName, status, error, parent, null);
    }
}
