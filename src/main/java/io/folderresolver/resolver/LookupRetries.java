package io.folderresolver.resolver;

import java.time.Duration;

/**
 * How long one lookup keeps trying while the API is reachable but its answer is transient: exponential backoff
 * with jitter from {@code initialBackoff} up to {@code maxBackoff}, until {@code retryDeadline} or
 * {@code maxAttempts} (0 = no limit but the deadline). Time spent waiting out an outage does not count.
 */
public record LookupRetries(Duration initialBackoff, Duration maxBackoff, Duration retryDeadline, int maxAttempts) {
}
