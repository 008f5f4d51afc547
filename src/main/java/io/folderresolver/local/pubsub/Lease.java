package io.folderresolver.local.pubsub;

/** One delivery of a message, outstanding until acked, nacked or past its deadline. Guarded by its queue's lock. */
final class Lease {

    final String ackId;
    final QueuedMessage message;
    final Sink sink;
    long deadlineNanos;

    Lease(String ackId, QueuedMessage message, Sink sink, long deadlineNanos) {
        this.ackId = ackId;
        this.message = message;
        this.sink = sink;
        this.deadlineNanos = deadlineNanos;
    }

    boolean expiredAt(long nowNanos) {
        return deadlineNanos - nowNanos <= 0;
    }
}
