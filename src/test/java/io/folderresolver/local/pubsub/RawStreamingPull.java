package io.folderresolver.local.pubsub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/** A StreamingPull stream driven by hand, for what the official Subscriber hides: flow control, acks on the stream. */
final class RawStreamingPull {

    private final List<StreamingPullResponse> responses = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final ClientCallStreamObserver<StreamingPullRequest> requests;

    private RawStreamingPull(ManagedChannel channel) {
        AtomicReference<ClientCallStreamObserver<StreamingPullRequest>> started = new AtomicReference<>();
        SubscriberGrpc.newStub(channel).streamingPull(new ClientResponseObserver<StreamingPullRequest, StreamingPullResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<StreamingPullRequest> requestStream) {
                started.set(requestStream);
            }

            @Override
            public void onNext(StreamingPullResponse response) {
                responses.add(response);
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
        this.requests = started.get();
    }

    static RawStreamingPull open(ManagedChannel channel, String subscription, int ackDeadlineSeconds,
            long maxOutstandingMessages) {
        RawStreamingPull stream = new RawStreamingPull(channel);
        stream.send(StreamingPullRequest.newBuilder()
                .setSubscription(subscription)
                .setStreamAckDeadlineSeconds(ackDeadlineSeconds)
                .setMaxOutstandingMessages(maxOutstandingMessages)
                .build());
        return stream;
    }

    synchronized void send(StreamingPullRequest request) {
        requests.onNext(request);
    }

    void ack(String ackId) {
        send(StreamingPullRequest.newBuilder().addAckIds(ackId).build());
    }

    void modifyDeadline(String ackId, int seconds) {
        send(StreamingPullRequest.newBuilder().addModifyDeadlineAckIds(ackId).addModifyDeadlineSeconds(seconds).build());
    }

    void cancel() {
        requests.cancel("test closes the stream", null);
    }

    List<StreamingPullResponse> responses() {
        return List.copyOf(responses);
    }

    List<ReceivedMessage> received() {
        return responses.stream().flatMap(response -> response.getReceivedMessagesList().stream()).toList();
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    CountDownLatch ended() {
        return ended;
    }

    Status.Code endedWith() {
        Throwable t = error.get();
        return t == null ? Status.Code.OK : Status.fromThrowable(t).getCode();
    }
}
