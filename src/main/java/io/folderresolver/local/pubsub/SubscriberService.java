package io.folderresolver.local.pubsub;

import java.util.List;

import com.google.protobuf.Empty;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.DeleteSubscriptionRequest;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.ListSubscriptionsRequest;
import com.google.pubsub.v1.ListSubscriptionsResponse;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * {@code google.pubsub.v1.Subscriber}: subscriptions, Pull, StreamingPull, Acknowledge and ModifyAckDeadline.
 * Snapshots, seeking, push configs and updates are not offered.
 */
final class SubscriberService extends SubscriberGrpc.SubscriberImplBase {

    static final int MAX_MODIFY_DEADLINE_SECONDS = 600;

    private final Broker broker;

    SubscriberService(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void createSubscription(Subscription request, StreamObserver<Subscription> response) {
        Errors.answer(response, () -> broker.createSubscription(request));
    }

    @Override
    public void getSubscription(GetSubscriptionRequest request, StreamObserver<Subscription> response) {
        Errors.answer(response, () -> broker.subscription(request.getSubscription()));
    }

    @Override
    public void listSubscriptions(ListSubscriptionsRequest request, StreamObserver<ListSubscriptionsResponse> response) {
        Errors.answer(response, () -> {
            Pages.Page<Subscription> page = Pages.of(broker.subscriptions(request.getProject()),
                    Subscription::getName, request.getPageSize(), request.getPageToken());
            return ListSubscriptionsResponse.newBuilder()
                    .addAllSubscriptions(page.items())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void deleteSubscription(DeleteSubscriptionRequest request, StreamObserver<Empty> response) {
        Errors.answer(response, () -> {
            broker.deleteSubscription(request.getSubscription());
            return Empty.getDefaultInstance();
        });
    }

    // return_immediately is deprecated in the API, but clients may still send it.
    @SuppressWarnings("deprecation")
    @Override
    public void pull(PullRequest request, StreamObserver<PullResponse> response) {
        SubscriptionQueue queue;
        try {
            queue = broker.queue(request.getSubscription());
            if (request.getMaxMessages() <= 0) {
                throw Errors.invalidArgument("max_messages must be greater than 0");
            }
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        PullSink pull = new PullSink((ServerCallStreamObserver<PullResponse>) response, request.getMaxMessages(),
                queue.config().getAckDeadlineSeconds());
        queue.pull(pull, request.getReturnImmediately());
    }

    @Override
    public void acknowledge(AcknowledgeRequest request, StreamObserver<Empty> response) {
        Errors.answer(response, () -> {
            SubscriptionQueue queue = broker.queue(request.getSubscription());
            if (request.getAckIdsCount() == 0) {
                throw Errors.invalidArgument("No ack_ids given");
            }
            queue.acknowledge(checkedAckIds(request.getAckIdsList()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void modifyAckDeadline(ModifyAckDeadlineRequest request, StreamObserver<Empty> response) {
        Errors.answer(response, () -> {
            SubscriptionQueue queue = broker.queue(request.getSubscription());
            if (request.getAckIdsCount() == 0) {
                throw Errors.invalidArgument("No ack_ids given");
            }
            queue.modifyAckDeadline(checkedAckIds(request.getAckIdsList()),
                    checkedDeadline(request.getAckDeadlineSeconds()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public StreamObserver<StreamingPullRequest> streamingPull(StreamObserver<StreamingPullResponse> response) {
        return new StreamingPullCall(broker, (ServerCallStreamObserver<StreamingPullResponse>) response);
    }

    /** Ack IDs the stand-in never hands out are refused; ones it did but that went stale are ignored later. */
    static List<String> checkedAckIds(List<String> ackIds) {
        for (String ackId : ackIds) {
            if (!SubscriptionQueue.isWellFormedAckId(ackId)) {
                throw Errors.invalidArgument("Invalid ack id (ack_id=" + ackId + ")");
            }
        }
        return ackIds;
    }

    static int checkedDeadline(int seconds) {
        if (seconds < 0 || seconds > MAX_MODIFY_DEADLINE_SECONDS) {
            throw Errors.invalidArgument("Invalid ack deadline given: " + seconds
                    + "; it must be between 0 and " + MAX_MODIFY_DEADLINE_SECONDS);
        }
        return seconds;
    }
}
