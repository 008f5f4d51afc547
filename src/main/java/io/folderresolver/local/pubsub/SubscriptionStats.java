package io.folderresolver.local.pubsub;

/**
 * What one subscription of the stand-in has done so far, taken at one instant.
 *
 * @param published    messages the subscription received from its topic
 * @param delivered    deliveries to Pull or StreamingPull, redeliveries included
 * @param redelivered  deliveries of a message that had been delivered before
 * @param acked        messages acknowledged
 * @param expired      deliveries whose ack deadline passed, or that were nacked, so the message went back
 * @param extended     ack deadlines of outstanding messages moved later (a subscriber still working on them)
 * @param deadLettered messages forwarded to the dead-letter topic after the policy's maximum of deliveries
 * @param backlog      messages waiting for delivery
 * @param retrying     messages waiting out the retry policy's back-off before they go back to the backlog
 * @param outstanding  messages delivered and not yet acknowledged, nacked or expired
 * @param openStreams  StreamingPull streams attached now
 * @param waitingPulls Pull calls waiting for a message now
 */
public record SubscriptionStats(long published, long delivered, long redelivered, long acked, long expired,
        long extended, long deadLettered, int backlog, int retrying, int outstanding, int openStreams, int waitingPulls) {
}
