package io.folderresolver.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The result for one entry of a batch. {@code folderId} is the normalised digits, or the raw text for INVALID;
 * {@code displayName} is set only for RESOLVED and {@code error} only for the others.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "index", "folderId", "displayName", "status", "error" })
public record FolderResult(int index, String folderId, String displayName, FolderStatus status, String error) {

    public static FolderResult invalid(BatchEntry entry) {
        return new FolderResult(entry.index(), entry.raw(), null, FolderStatus.INVALID, entry.invalidReason());
    }
}
