package io.folderresolver.local.pubsub;

import com.google.protobuf.Empty;
import com.google.pubsub.v1.DeleteTopicRequest;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.ListTopicSubscriptionsRequest;
import com.google.pubsub.v1.ListTopicSubscriptionsResponse;
import com.google.pubsub.v1.ListTopicsRequest;
import com.google.pubsub.v1.ListTopicsResponse;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.Topic;
import io.grpc.stub.StreamObserver;

/** {@code google.pubsub.v1.Publisher}: topics and publishing. Snapshots, updates and detaching are not offered. */
final class PublisherService extends PublisherGrpc.PublisherImplBase {

    private final Broker broker;

    PublisherService(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void createTopic(Topic request, StreamObserver<Topic> response) {
        Errors.answer(response, () -> broker.createTopic(request));
    }

    @Override
    public void getTopic(GetTopicRequest request, StreamObserver<Topic> response) {
        Errors.answer(response, () -> broker.topic(request.getTopic()));
    }

    @Override
    public void listTopics(ListTopicsRequest request, StreamObserver<ListTopicsResponse> response) {
        Errors.answer(response, () -> {
            Pages.Page<Topic> page = Pages.of(broker.topics(request.getProject()), Topic::getName,
                    request.getPageSize(), request.getPageToken());
            return ListTopicsResponse.newBuilder()
                    .addAllTopics(page.items())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void listTopicSubscriptions(ListTopicSubscriptionsRequest request,
            StreamObserver<ListTopicSubscriptionsResponse> response) {
        Errors.answer(response, () -> {
            Pages.Page<String> page = Pages.of(broker.subscriptionsOf(request.getTopic()), name -> name,
                    request.getPageSize(), request.getPageToken());
            return ListTopicSubscriptionsResponse.newBuilder()
                    .addAllSubscriptions(page.items())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void deleteTopic(DeleteTopicRequest request, StreamObserver<Empty> response) {
        Errors.answer(response, () -> {
            broker.deleteTopic(request.getTopic());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<PublishResponse> response) {
        if (request.getSerializedSize() > PubSubStandIn.MAX_PUBLISH_REQUEST_BYTES) {
            response.onError(Errors.invalidArgument("Request payload size exceeds the limit: "
                    + PubSubStandIn.MAX_PUBLISH_REQUEST_BYTES + " bytes."));
            return;
        }
        Errors.answer(response, () -> PublishResponse.newBuilder()
                .addAllMessageIds(broker.publish(request.getTopic(), request.getMessagesList()))
                .build());
    }
}
