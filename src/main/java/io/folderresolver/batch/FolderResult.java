package io.folderresolver.batch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The result for one entry of a batch. {@code folderId} is the normalised digits, or the raw text for INVALID;
 * {@code displayName} and {@code parent} ({@code folders/N} or {@code organizations/N}) are set only for RESOLVED, and
 * {@code error} only for the others. {@code state} is set only for a folder that is not ACTIVE ({@code DELETE_REQUESTED}),
 * so consumers of ACTIVE folders see no change. {@code path}, with {@code output.paths} on, is the display names from the
 * top-level folder down to this one; a first element null stands for an ancestor the caller may not read (or that
 * could not be read now), above which nothing is known. {@code observedAt} and {@code via}, with
 * {@code output.provenance} on, say when the service learned a RESOLVED name from Google and how ({@code get},
 * {@code search}, {@code assets}, {@code feed}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "index", "folderId", "displayName", "status", "state", "error", "parent", "path", "observedAt", "via" })
public record FolderResult(int index, String folderId, String displayName, FolderStatus status, String state,
        String error, String parent, List<String> path, String observedAt, String via) {

    public FolderResult(int index, String folderId, String displayName, FolderStatus status, String state,
            String error, String parent, List<String> path) {
        this(index, folderId, displayName, status, state, error, parent, path, null, null);
    }

    public FolderResult(int index, String folderId, String displayName, FolderStatus status, String error) {
        this(index, folderId, displayName, status, null, error, null, null);
    }

    public FolderResult withPath(List<String> path) {
        return new FolderResult(index, folderId, displayName, status, state, error, parent, path, observedAt, via);
    }

    /** @param observedAt ISO-8601 */
    public FolderResult withProvenance(String observedAt, String via) {
        return new FolderResult(index, folderId, displayName, status, state, error, parent, path, observedAt, via);
    }

    public static FolderResult invalid(BatchEntry entry) {
        return new FolderResult(entry.index(), entry.raw(), null, FolderStatus.INVALID, entry.invalidReason());
    }
}
