package io.folderresolver.local.pubsub;

import java.util.List;

import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * The sending side of one StreamingPull stream, with the flow-control window the client asked for in its first
 * request. Only used under its queue's lock, which also keeps calls on the observer from overlapping.
 */
final class StreamSink implements Sink {

    private final ServerCallStreamObserver<StreamingPullResponse> observer;
    private final long maxMessages;
    private final long maxBytes;
    private final int ackDeadlineSeconds;
    private final StreamingPullResponse.SubscriptionProperties properties;
    private long outstandingMessages;
    private long outstandingBytes;
    private boolean open = true;

    StreamSink(ServerCallStreamObserver<StreamingPullResponse> observer, long maxMessages, long maxBytes,
            int ackDeadlineSeconds, boolean messageOrdering) {
        this.observer = observer;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.ackDeadlineSeconds = ackDeadlineSeconds;
        this.properties = StreamingPullResponse.SubscriptionProperties.newBuilder()
                .setMessageOrderingEnabled(messageOrdering)
                .build();
    }

    @Override
    public boolean hasRoom() {
        // isReady() turns false while gRPC's outbound buffer is full, so a slow client cannot make it grow.
        return open && !observer.isCancelled() && observer.isReady()
                && (maxMessages <= 0 || outstandingMessages < maxMessages)
                && (maxBytes <= 0 || outstandingBytes < maxBytes);
    }

    @Override
    public boolean fits(int bytes) {
        return (maxMessages <= 0 || outstandingMessages < maxMessages)
                && (maxBytes <= 0 || outstandingBytes == 0 || outstandingBytes + bytes <= maxBytes);
    }

    @Override
    public void taken(int bytes) {
        outstandingMessages++;
        outstandingBytes += bytes;
    }

    @Override
    public void released(int bytes) {
        outstandingMessages--;
        outstandingBytes -= bytes;
    }

    @Override
    public int ackDeadlineSeconds() {
        return ackDeadlineSeconds;
    }

    @Override
    public void send(List<ReceivedMessage> batch) {
        respond(StreamingPullResponse.newBuilder().addAllReceivedMessages(batch).setSubscriptionProperties(properties)
                .build());
    }

    /** Answers a client keep-alive (an empty request), so the client does not take the stream for dead. */
    void heartbeat() {
        respond(StreamingPullResponse.newBuilder().setSubscriptionProperties(properties).build());
    }

    void complete() {
        if (open) {
            open = false;
            try {
                observer.onCompleted();
            } catch (StatusRuntimeException cancelled) {
                // Already over.
            }
        }
    }

    void fail(StatusRuntimeException status) {
        if (open) {
            open = false;
            try {
                observer.onError(status);
            } catch (StatusRuntimeException cancelled) {
                // Already over.
            }
        }
    }

    /** The client ended the stream; nothing more may be sent. */
    void closedByClient() {
        open = false;
    }

    private void respond(StreamingPullResponse response) {
        if (!open) {
            return;
        }
        try {
            observer.onNext(response);
        } catch (StatusRuntimeException cancelled) {
            // The client went away; what was in this response comes back after its deadline.
            open = false;
        }
    }
}
