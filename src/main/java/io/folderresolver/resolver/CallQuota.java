package io.folderresolver.resolver;

import java.time.Duration;

/**
 * A limit on API calls beyond this replica's own {@link ApiRateLimiter}: the quota the whole fleet of replicas
 * shares. A lookup takes a token here after its local one, right before it calls.
 */
public interface CallQuota {

    /** No limit beyond the local one: a single replica. */
    CallQuota UNSHARED = maxWait -> true;

    /** Waits on the calling thread for at most {@code maxWait}; false if no token came in time. */
    boolean acquire(Duration maxWait) throws InterruptedException;

    /** The API said RESOURCE_EXHAUSTED: the fleet's rate is too high for the quota it really has. */
    default void refused() {
    }
}
