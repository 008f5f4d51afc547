package io.folderresolver.batch;

/** The outcome of one folder ID in a batch. Every entry of a batch ends with exactly one. */
public enum FolderStatus {
    /** The API answered with the folder; its display name is in the result. */
    RESOLVED,
    /** Not a folder ID ({@code <digits>} or {@code folders/<digits>}); the API was not asked. */
    INVALID,
    /** The API said the folder does not exist. */
    NOT_FOUND,
    /** The API refused; it answers so for folders that don't exist or that the caller may not see. */
    PERMISSION_DENIED,
    /**
     * The folder is being deleted (state DELETE_REQUESTED, for about 30 days before it is purged) and
     * {@code output.include-deleted=false} withholds its name. With the default, such a folder is RESOLVED and carries
     * {@code "state": "DELETE_REQUESTED"}.
     */
    DELETE_REQUESTED,
    /** A transient error (unavailable, deadline, quota, internal) outlived the retries; asking later may work. */
    FAILED
}
