package io.folderresolver.local.pubsub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import io.grpc.StatusRuntimeException;

/**
 * The messages of one subscription, with at-least-once delivery: each one waits in the backlog until delivered,
 * stays outstanding under an ack ID until acked, and goes back to the front of the backlog when nacked or when its
 * ack deadline passes: at once, or after the back-off of the subscription's retry policy. With a dead-letter
 * policy, deliveries are counted in {@code delivery_attempt}, and a message that went back that many times is
 * forwarded to the dead-letter topic instead. One lock guards all of it; sends to clients happen under it too, so
 * calls on one gRPC stream never overlap.
 */
final class SubscriptionQueue {

    /** Messages per StreamingPull response, or per Pull answer. */
    private static final int MAX_BATCH = 100;
    /** A Pull with nothing to deliver waits this long for a message, so a polling client does not spin. */
    private static final long PULL_WAIT_MILLIS = 2_000;

    private final Object lock = new Object();
    private final String name;
    private final AtomicLong ackIds;
    private final ScheduledExecutorService scheduler;
    private final DeadLetters deadLetters;

    private Subscription config;
    private final Deque<QueuedMessage> backlog = new ArrayDeque<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final List<StreamSink> streams = new ArrayList<>();
    private final Deque<PullSink> waitingPulls = new ArrayDeque<>();
    private final List<Retry> retrying = new ArrayList<>();
    private int nextStream;
    private StatusRuntimeException closedWith;
    private long published;
    private long delivered;
    private long redelivered;
    private long acked;
    private long expired;
    private long deadLettered;
    private long extended;

    /** Publishes a message to a dead-letter topic; runs outside every queue lock. */
    interface DeadLetters {
        void forward(String topic, PubsubMessage message);
    }

    /** A message back from a delivery, waiting out its retry back-off. */
    private record Retry(QueuedMessage message, long dueNanos) {
    }

    SubscriptionQueue(Subscription config, AtomicLong ackIds, ScheduledExecutorService scheduler,
            DeadLetters deadLetters) {
        this.name = config.getName();
        this.config = config;
        this.ackIds = ackIds;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
    }

    /** Ack IDs are decimal numbers, unique across the stand-in. */
    static boolean isWellFormedAckId(String ackId) {
        if (ackId.isEmpty() || ackId.length() > 19) {
            return false;
        }
        for (int i = 0; i < ackId.length(); i++) {
            char c = ackId.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    String name() {
        return name;
    }

    Subscription config() {
        synchronized (lock) {
            return config;
        }
    }

    void topicDeleted() {
        synchronized (lock) {
            config = config.toBuilder().setTopic(Names.DELETED_TOPIC).build();
        }
    }

    void enqueue(List<QueuedMessage> messages) {
        synchronized (lock) {
            if (closedWith != null) {
                return;
            }
            backlog.addAll(messages);
            published += messages.size();
            dispatch();
        }
    }

    /** Answers a Pull now if there is something to deliver (or it must not wait), else when a message comes. */
    void pull(PullSink pull, boolean returnImmediately) {
        synchronized (lock) {
            if (closedWith != null) {
                pull.fail(closedWith);
                return;
            }
            if (!backlog.isEmpty() || returnImmediately) {
                if (fill(pull) == 0) {
                    pull.send(List.of());
                }
                return;
            }
            waitingPulls.add(pull);
        }
        try {
            scheduler.schedule(() -> giveUp(pull), PULL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // close() ends the waiting pulls itself.
        }
    }

    void attach(StreamSink stream) {
        synchronized (lock) {
            if (closedWith != null) {
                stream.fail(closedWith);
                return;
            }
            streams.add(stream);
            dispatch();
        }
    }

    /** The client ended its stream. Its outstanding messages stay leased until their deadlines pass. */
    void detach(StreamSink stream) {
        synchronized (lock) {
            streams.remove(stream);
            stream.closedByClient();
        }
    }

    /** The client half-closed its stream: end it from our side too. */
    void complete(StreamSink stream) {
        synchronized (lock) {
            streams.remove(stream);
            stream.complete();
        }
    }

    void fail(StreamSink stream, StatusRuntimeException status) {
        synchronized (lock) {
            streams.remove(stream);
            stream.fail(status);
        }
    }

    void heartbeat(StreamSink stream) {
        synchronized (lock) {
            stream.heartbeat();
        }
    }

    /** The stream's transport can take more: send what waits. */
    void streamReady() {
        synchronized (lock) {
            dispatch();
        }
    }

    /** Unknown or stale ack IDs are ignored, as the real service does without exactly-once delivery. */
    void acknowledge(List<String> ackIdsToAck) {
        synchronized (lock) {
            for (String ackId : ackIdsToAck) {
                Lease lease = leases.remove(ackId);
                if (lease != null) {
                    lease.sink.released(lease.message.size());
                    acked++;
                }
            }
            dispatch();
        }
    }

    /** Sets new deadlines, counted from now; 0 is a nack, so the messages go back at once. */
    void modifyAckDeadline(List<String> ackIdsToModify, int seconds) {
        synchronized (lock) {
            long now = System.nanoTime();
            List<Lease> nacked = new ArrayList<>();
            for (String ackId : ackIdsToModify) {
                Lease lease = leases.get(ackId);
                if (lease == null) {
                    continue;
                }
                if (seconds == 0) {
                    nacked.add(lease);
                } else {
                    lease.deadlineNanos = now + TimeUnit.SECONDS.toNanos(seconds);
                    extended++;
                }
            }
            putBack(nacked, now);
        }
    }

    /** Called on every tick: messages past their ack deadline go back, and those done waiting for a retry too. */
    void expireLeases(long nowNanos) {
        synchronized (lock) {
            List<Lease> due = new ArrayList<>();
            for (Lease lease : leases.values()) {
                if (lease.expiredAt(nowNanos)) {
                    due.add(lease);
                }
            }
            putBack(due, nowNanos);
            List<QueuedMessage> retriesDue = new ArrayList<>();
            for (Iterator<Retry> retries = retrying.iterator(); retries.hasNext(); ) {
                Retry retry = retries.next();
                if (retry.dueNanos() - nowNanos <= 0) {
                    retriesDue.add(retry.message());
                    retries.remove();
                }
            }
            if (!retriesDue.isEmpty()) {
                backToFront(retriesDue);
                dispatch();
            }
        }
    }

    /** Ends every stream and waiting pull with this status; the subscription is gone or the stand-in stops. */
    void close(StatusRuntimeException status) {
        synchronized (lock) {
            closedWith = status;
            for (StreamSink stream : streams) {
                stream.fail(status);
            }
            streams.clear();
            for (PullSink pull : waitingPulls) {
                pull.fail(status);
            }
            waitingPulls.clear();
            backlog.clear();
            leases.clear();
            retrying.clear();
        }
    }

    SubscriptionStats stats() {
        synchronized (lock) {
            return new SubscriptionStats(published, delivered, redelivered, acked, expired, extended, deadLettered,
                    backlog.size(), retrying.size(), leases.size(), streams.size(), waitingPulls.size());
        }
    }

    private void giveUp(PullSink pull) {
        synchronized (lock) {
            if (waitingPulls.remove(pull)) {
                pull.send(List.of());
            }
        }
    }

    private void putBack(List<Lease> returned, long nowNanos) {
        if (returned.isEmpty()) {
            return;
        }
        List<QueuedMessage> redeliverNow = new ArrayList<>();
        for (Lease lease : returned) {
            leases.remove(lease.ackId);
            lease.sink.released(lease.message.size());
            expired++;
            if (config.hasDeadLetterPolicy()
                    && lease.message.deliveries() >= config.getDeadLetterPolicy().getMaxDeliveryAttempts()) {
                deadLettered++;
                forwardToDeadLetterTopic(lease.message);
            } else if (config.hasRetryPolicy()) {
                retrying.add(new Retry(lease.message, nowNanos + backoffNanos(lease.message.deliveries())));
            } else {
                redeliverNow.add(lease.message);
            }
        }
        backToFront(redeliverNow);
        dispatch();
    }

    /** Front of the backlog, oldest first, so redeliveries go out before newer messages. */
    private void backToFront(List<QueuedMessage> messages) {
        messages.sort(Comparator.comparingLong(QueuedMessage::sequence).reversed());
        messages.forEach(backlog::addFirst);
    }

    /** Exponential from the policy's minimum, doubling per delivery so far, capped at its maximum. */
    private long backoffNanos(int deliveries) {
        long minimum = Durations.toNanos(config.getRetryPolicy().getMinimumBackoff());
        long maximum = Durations.toNanos(config.getRetryPolicy().getMaximumBackoff());
        int doublings = Math.min(Math.max(deliveries - 1, 0), 20);
        return Math.min(maximum, minimum << doublings);
    }

    /** As the real service does: the same data and attributes, plus where it came from and after how many deliveries. */
    private void forwardToDeadLetterTopic(QueuedMessage queued) {
        PubsubMessage original = queued.message();
        PubsubMessage letter = original.toBuilder()
                .clearMessageId()
                .clearPublishTime()
                .putAttributes("CloudPubSubDeadLetterSourceDeliveryCount", Integer.toString(queued.deliveries()))
                .putAttributes("CloudPubSubDeadLetterSourceSubscription", Names.idOf(name))
                .putAttributes("CloudPubSubDeadLetterSourceSubscriptionProject", Names.idOf(Names.projectOf(name)))
                .putAttributes("CloudPubSubDeadLetterSourceTopicPublishTime", Timestamps.toString(original.getPublishTime()))
                .build();
        String topic = config.getDeadLetterPolicy().getDeadLetterTopic();
        try {
            scheduler.execute(() -> deadLetters.forward(topic, letter));
        } catch (RejectedExecutionException shuttingDown) {
            // The stand-in stops, and every message with it.
        }
    }

    /** Hands the backlog to waiting pulls first, then to the streams in turn, within their flow control. */
    private void dispatch() {
        for (Iterator<PullSink> pulls = waitingPulls.iterator(); pulls.hasNext() && !backlog.isEmpty(); ) {
            PullSink pull = pulls.next();
            pulls.remove();
            if (pull.hasRoom()) {
                fill(pull);
            }
        }
        boolean progress = true;
        while (progress && !backlog.isEmpty() && !streams.isEmpty()) {
            progress = false;
            int count = streams.size();
            for (int i = 0; i < count && !backlog.isEmpty(); i++) {
                StreamSink stream = streams.get((nextStream + i) % count);
                if (stream.hasRoom() && fill(stream) > 0) {
                    progress = true;
                }
            }
            nextStream = (nextStream + 1) % count;
        }
    }

    private int fill(Sink sink) {
        List<ReceivedMessage> batch = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(sink.ackDeadlineSeconds());
        while (batch.size() < MAX_BATCH && !backlog.isEmpty() && sink.fits(backlog.peekFirst().size())) {
            QueuedMessage message = backlog.pollFirst();
            String ackId = Long.toString(ackIds.incrementAndGet());
            leases.put(ackId, new Lease(ackId, message.delivered(), sink, deadline));
            sink.taken(message.size());
            delivered++;
            if (message.deliveries() > 0) {
                redelivered++;
            }
            ReceivedMessage.Builder received = ReceivedMessage.newBuilder().setAckId(ackId).setMessage(message.message());
            if (config.hasDeadLetterPolicy()) {
                received.setDeliveryAttempt(message.deliveries() + 1);
            }
            batch.add(received.build());
        }
        if (!batch.isEmpty()) {
            sink.send(batch);
        }
        return batch.size();
    }
}
