package io.folderresolver.local.pubsub;

import java.util.List;

import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;

/** One Pull call: takes up to max_messages once, then the call is over. */
final class PullSink implements Sink {

    private final ServerCallStreamObserver<PullResponse> observer;
    private final int maxMessages;
    private final int ackDeadlineSeconds;
    private int taken;
    private boolean answered;

    PullSink(ServerCallStreamObserver<PullResponse> observer, int maxMessages, int ackDeadlineSeconds) {
        this.observer = observer;
        this.maxMessages = maxMessages;
        this.ackDeadlineSeconds = ackDeadlineSeconds;
    }

    @Override
    public boolean hasRoom() {
        return !answered && !observer.isCancelled();
    }

    @Override
    public boolean fits(int bytes) {
        return taken < maxMessages;
    }

    @Override
    public void taken(int bytes) {
        taken++;
    }

    @Override
    public void released(int bytes) {
        // The call is over; nothing to free.
    }

    @Override
    public int ackDeadlineSeconds() {
        return ackDeadlineSeconds;
    }

    @Override
    public void send(List<ReceivedMessage> batch) {
        answered = true;
        try {
            observer.onNext(PullResponse.newBuilder().addAllReceivedMessages(batch).build());
            observer.onCompleted();
        } catch (StatusRuntimeException cancelled) {
            // The client went away; these messages come back after their deadline.
        }
    }

    void fail(StatusRuntimeException status) {
        answered = true;
        try {
            observer.onError(status);
        } catch (StatusRuntimeException cancelled) {
            // Already over.
        }
    }
}
