package io.folderresolver.resolver;

/** A lookup that failed for a reason that may pass (its retries or the outage tolerance ran out); never cached. */
public final class TransientLookupFailure extends RuntimeException {

    public TransientLookupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
