package io.folderresolver.pubsub.standin;

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

import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import io.grpc.StatusRuntimeException;

/**
 * The messages of one subscription, with at-least-once delivery: each one waits in the backlog until delivered,
 * stays outstanding under an ack ID until acked, and goes back to the front of the backlog when nacked or when its
 * ack deadline passes. One lock guards all of it; sends to clients happen under it too, so calls on one gRPC
 * stream never overlap.
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

    private Subscription config;
    private final Deque<QueuedMessage> backlog = new ArrayDeque<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final List<StreamSink> streams = new ArrayList<>();
    private final Deque<PullSink> waitingPulls = new ArrayDeque<>();
    private int nextStream;
    private StatusRuntimeException closedWith;
    private long published;
    private long delivered;
    private long redelivered;
    private long acked;
    private long expired;

    SubscriptionQueue(Subscription config, AtomicLong ackIds, ScheduledExecutorService scheduler) {
        this.name = config.getName();
        this.config = config;
        this.ackIds = ackIds;
        this.scheduler = scheduler;
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
                }
            }
            putBack(nacked);
        }
    }

    /** Called on every tick: messages past their ack deadline go back for redelivery. */
    void expireLeases(long nowNanos) {
        synchronized (lock) {
            if (leases.isEmpty()) {
                return;
            }
            List<Lease> due = new ArrayList<>();
            for (Lease lease : leases.values()) {
                if (lease.expiredAt(nowNanos)) {
                    due.add(lease);
                }
            }
            putBack(due);
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
        }
    }

    SubscriptionStats stats() {
        synchronized (lock) {
            return new SubscriptionStats(published, delivered, redelivered, acked, expired, backlog.size(),
                    leases.size(), streams.size(), waitingPulls.size());
        }
    }

    private void giveUp(PullSink pull) {
        synchronized (lock) {
            if (waitingPulls.remove(pull)) {
                pull.send(List.of());
            }
        }
    }

    private void putBack(List<Lease> returned) {
        if (returned.isEmpty()) {
            return;
        }
        // Front of the backlog, oldest first, so redeliveries go out before newer messages.
        returned.sort(Comparator.comparingLong((Lease lease) -> lease.message.sequence()).reversed());
        for (Lease lease : returned) {
            leases.remove(lease.ackId);
            lease.sink.released(lease.message.size());
            backlog.addFirst(lease.message);
            expired++;
        }
        dispatch();
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
            batch.add(ReceivedMessage.newBuilder().setAckId(ackId).setMessage(message.message()).build());
        }
        if (!batch.isEmpty()) {
            sink.send(batch);
        }
        return batch.size();
    }
}
