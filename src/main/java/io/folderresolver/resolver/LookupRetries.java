package io.folderresolver.resolver;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long one lookup keeps trying while the API is reachable but its answer is transient: exponential backoff
 * with jitter from {@code initialBackoff} up to {@code maxBackoff}, until {@code retryDeadline} or
 * {@code maxAttempts} (0 = no limit but the deadline). Time spent waiting out an outage does not count.
 */
public record LookupRetries(Duration initialBackoff, Duration maxBackoff, Duration retryDeadline, int maxAttempts) {

    /** A pause of half to all of {@code backoffNanos}: callers that failed together do not come back together. */
    long pauseFor(long backoffNanos) {
        return ThreadLocalRandom.current().nextLong(backoffNanos / 2, backoffNanos + 1);
    }

    /** As {@link #pauseFor(long)}, and no shorter than the delay Google's RetryInfo asked for (zero if none). */
    long pauseFor(long backoffNanos, Duration serverDelay) {
        return Math.max(pauseFor(backoffNanos), serverDelay.toNanos());
    }

    /** The backoff after {@code backoffNanos}: doubled, up to {@code maxBackoff}. */
    long after(long backoffNanos) {
        return Math.min(backoffNanos * 2, maxBackoff.toNanos());
    }
}
