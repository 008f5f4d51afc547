package io.folderresolver.assets;

/** A feed message that can never be applied (not JSON, no folder name, no time to order it by): dead-lettered. */
public final class UnreadableFeedMessageException extends RuntimeException {

    public UnreadableFeedMessageException(String reason) {
        super(reason);
    }
}
