package io.folderresolver.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.folderresolver.output.WrittenResult;
import org.apache.camel.Exchange;

/**
 * Batch and Pub/Sub message counts, called from the routes where a batch ends: delivered, rejected (an unreadable
 * file), dead-lettered (a message that could not be read or kept failing); messages acked or nacked; batches with FAILED entries,
 * delivered or nacked.
 */
public final class BatchMetrics {

    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1),
        Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(3), Duration.ofDays(1)};

    private final MeterRegistry meters;

    public BatchMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Delivered; a result with FAILED entries is counted apart too (files always deliver them). */
    public void delivered(Exchange exchange) {
        ended("delivered", exchange);
        WrittenResult report = exchange.getProperty("batchReport", WrittenResult.class);
        if (report != null && report.failedStatus() > 0) {
            withFailedEntries("delivered", exchange);
        }
    }

    /** A Pub/Sub batch with FAILED entries nacked, for Pub/Sub to deliver it again later. */
    public void failedEntriesNacked(Exchange exchange) {
        withFailedEntries("nacked", exchange);
    }

    private void withFailedEntries(String outcome, Exchange exchange) {
        meters.counter("folder.resolver.batches.failed.entries", "outcome", outcome, "source", source(exchange))
                .increment();
    }

    public void rejected(Exchange exchange) {
        ended("rejected", exchange);
    }

    public void deadLettered(Exchange exchange) {
        ended("dead_lettered", exchange);
    }

    /** A Pub/Sub message's exchange completed (acked) or failed (nacked). */
    public void pubsubMessage(String outcome) {
        meters.counter("folder.resolver.pubsub.messages", "outcome", outcome).increment();
    }

    private void ended(String outcome, Exchange exchange) {
        String source = source(exchange);
        meters.counter("folder.resolver.batches", "outcome", outcome, "source", source).increment();
        Timer.builder("folder.resolver.batch.duration")
                .description("From taking a batch to its end")
                .tags("outcome", outcome, "source", source)
                // A few buckets across what batches take: a second (cached) to a day (millions of IDs at 10/s).
                .serviceLevelObjectives(BUCKETS)
                .register(meters)
                .record(System.currentTimeMillis() - exchange.getClock().getCreated(), TimeUnit.MILLISECONDS);
    }

    private static String source(Exchange exchange) {
        String source = exchange.getProperty("batchSource", String.class);
        return source != null && source.startsWith("pubsub:") ? "pubsub" : "file";
    }
}
