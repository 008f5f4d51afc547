package io.folderresolver.batch;

/** The whole batch cannot be read (not UTF-8, binary, broken JSON, no folderIds): it goes to the error folder. */
public final class UnreadableBatchException extends RuntimeException {

    public UnreadableBatchException(String message) {
        super(message);
    }

    public UnreadableBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
