package io.folderresolver.local.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The receiving side of one StreamingPull stream. The first request names the subscription, the stream's ack
 * deadline and its flow control; later ones carry acks, deadline changes, or nothing (a client keep-alive).
 * gRPC hands the requests of one call over one at a time, so the fields need no lock.
 */
final class StreamingPullCall implements StreamObserver<StreamingPullRequest> {

    private final Broker broker;
    private final ServerCallStreamObserver<StreamingPullResponse> responses;
    private volatile SubscriptionQueue queue;
    private StreamSink stream;
    private boolean over;

    StreamingPullCall(Broker broker, ServerCallStreamObserver<StreamingPullResponse> responses) {
        this.broker = broker;
        this.responses = responses;
        // Until the first request arrives there is nothing to send; afterwards readiness frees delivery.
        responses.setOnReadyHandler(() -> {
            SubscriptionQueue attached = queue;
            if (attached != null) {
                attached.streamReady();
            }
        });
    }

    @Override
    public void onNext(StreamingPullRequest request) {
        if (over) {
            return;
        }
        try {
            boolean first = queue == null;
            if (first) {
                open(request);
            }
            boolean empty = request.getAckIdsCount() == 0 && request.getModifyDeadlineAckIdsCount() == 0
                    && request.getModifyDeadlineSecondsCount() == 0;
            if (empty && !first) {
                queue.heartbeat(stream);
                return;
            }
            if (request.getAckIdsCount() > 0) {
                queue.acknowledge(SubscriberService.checkedAckIds(request.getAckIdsList()));
            }
            modifyDeadlines(request);
        } catch (StatusRuntimeException e) {
            over = true;
            if (queue == null) {
                responses.onError(e);
            } else {
                queue.fail(stream, e);
            }
        }
    }

    @Override
    public void onError(Throwable cancelled) {
        over = true;
        if (queue != null) {
            queue.detach(stream);
        }
    }

    @Override
    public void onCompleted() {
        over = true;
        if (queue == null) {
            responses.onCompleted();
        } else {
            queue.complete(stream);
        }
    }

    private void open(StreamingPullRequest request) {
        if (request.getSubscription().isEmpty()) {
            throw Errors.invalidArgument("The first StreamingPullRequest must name a subscription");
        }
        int deadline = request.getStreamAckDeadlineSeconds();
        if (deadline < Broker.MIN_ACK_DEADLINE_SECONDS || deadline > Broker.MAX_ACK_DEADLINE_SECONDS) {
            throw Errors.invalidArgument("Invalid stream_ack_deadline_seconds: " + deadline + "; it must be between "
                    + Broker.MIN_ACK_DEADLINE_SECONDS + " and " + Broker.MAX_ACK_DEADLINE_SECONDS);
        }
        if (request.getMaxOutstandingMessages() < 0 || request.getMaxOutstandingBytes() < 0) {
            throw Errors.invalidArgument("max_outstanding_messages and max_outstanding_bytes must not be negative");
        }
        SubscriptionQueue found = broker.queue(request.getSubscription());
        stream = new StreamSink(responses, request.getMaxOutstandingMessages(), request.getMaxOutstandingBytes(),
                deadline, found.config().getEnableMessageOrdering());
        queue = found;
        found.attach(stream);
    }

    private void modifyDeadlines(StreamingPullRequest request) {
        if (request.getModifyDeadlineAckIdsCount() != request.getModifyDeadlineSecondsCount()) {
            throw Errors.invalidArgument("modify_deadline_seconds and modify_deadline_ack_ids must be the same length");
        }
        SubscriberService.checkedAckIds(request.getModifyDeadlineAckIdsList());
        // One call per distinct deadline, in the order the request gave them.
        Map<Integer, List<String>> byDeadline = new LinkedHashMap<>();
        for (int i = 0; i < request.getModifyDeadlineAckIdsCount(); i++) {
            int seconds = SubscriberService.checkedDeadline(request.getModifyDeadlineSeconds(i));
            byDeadline.computeIfAbsent(seconds, s -> new ArrayList<>()).add(request.getModifyDeadlineAckIds(i));
        }
        byDeadline.forEach((seconds, ackIds) -> queue.modifyAckDeadline(ackIds, seconds));
    }
}
