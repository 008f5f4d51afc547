package io.folderresolver.batch;

/**
 * One entry of a batch, as read: its position, the text it was given as, and either the normalised folder ID
 * (digits only) or the reason it is not one.
 */
public record BatchEntry(int index, String raw, String folderId, String invalidReason) {

    public static BatchEntry valid(int index, String raw, String folderId) {
        return new BatchEntry(index, raw, folderId, null);
    }

    public static BatchEntry invalid(int index, String raw, String reason) {
        return new BatchEntry(index, raw, null, reason);
    }

    public boolean isValid() {
        return folderId != null;
    }
}
