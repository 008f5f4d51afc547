package io.folderresolver.pubsub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import com.google.api.core.ApiService;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * The official Pub/Sub clients, talking plaintext gRPC to one address (the stand-in or Google's emulator), and
 * everything they opened, closed together. Each topic and subscription gets a fresh name.
 */
public final class PubSubClients implements AutoCloseable {

    public static final String PROJECT = "projects/contract-test";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String address;
    // Closed last-opened first: subscribers and publishers before the channels they use.
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    public final TopicAdminClient topics;
    public final SubscriptionAdminClient subscriptions;

    public PubSubClients(String address) {
        this.address = address;
        try {
            this.topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setTransportChannelProvider(channelProvider(channel()))
                    .build());
            opened.push(topics);
            this.subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setTransportChannelProvider(channelProvider(channel()))
                    .build());
            opened.push(subscriptions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last part of a full name (projects/p/topics/t -> t), as the service's settings take it. */
    public static String shortName(String fullName) {
        return fullName.substring(fullName.lastIndexOf('/') + 1);
    }

    public static String uniqueTopicName(String hint) {
        return PROJECT + "/topics/" + hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String uniqueSubscriptionName(String hint) {
        return PROJECT + "/subscriptions/" + hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new channel of its own, shut down by {@link #close()} (or earlier by the test). */
    public ManagedChannel channel() {
        // 20 MiB inbound, as Google's Pub/Sub clients set it: a pull may carry a message of up to 10 MB.
        ManagedChannel channel = ManagedChannelBuilder.forTarget(address).usePlaintext()
                .maxInboundMessageSize(20 * 1024 * 1024).build();
        opened.push(() -> {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        });
        return channel;
    }

    public String createTopic() {
        return topics.createTopic(uniqueTopicName("topic")).getName();
    }

    public String createSubscription(String topic) {
        return createSubscription(topic, Subscription.newBuilder());
    }

    /** A new subscription on the topic with the given settings (retry or dead-letter policy, ...). */
    public String createSubscription(String topic, Subscription.Builder settings) {
        return subscriptions.createSubscription(settings
                .setName(uniqueSubscriptionName("sub"))
                .setTopic(topic)
                .build()).getName();
    }

    public Publisher publisher(String topic) {
        try {
            Publisher publisher = Publisher.newBuilder(topic)
                    .setChannelProvider(channelProvider(channel()))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setEnableMessageOrdering(true)
                    .build();
            opened.push(() -> {
                publisher.shutdown();
                publisher.awaitTermination(10, TimeUnit.SECONDS);
            });
            return publisher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes and waits for the message ID. */
    public String publish(Publisher publisher, PubsubMessage message) {
        try {
            return publisher.publish(message).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("publish failed", e);
        }
    }

    public Subscriber subscriber(String subscription, MessageReceiver receiver) {
        return subscriber(subscription, receiver, channel(), builder -> builder);
    }

    /**
     * A started streaming-pull subscriber on the given channel. On close it nacks what it still holds, so a test
     * that never acks does not keep it waiting.
     */
    public Subscriber subscriber(String subscription, MessageReceiver receiver, ManagedChannel channel,
            UnaryOperator<Subscriber.Builder> settings) {
        Subscriber subscriber = settings.apply(Subscriber.newBuilder(subscription, receiver)
                        .setChannelProvider(channelProvider(channel))
                        .setCredentialsProvider(NoCredentialsProvider.create())
                        .setSubscriberShutdownSettings(SubscriberShutdownSettings.newBuilder()
                                .setMode(SubscriberShutdownSettings.ShutdownMode.NACK_IMMEDIATELY)
                                .setTimeout(Duration.ofSeconds(5))
                                .build()))
                .build();
        opened.push(() -> stop(subscriber));
        try {
            subscriber.startAsync().awaitRunning(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the subscriber did not start", e);
        }
        return subscriber;
    }

    public static void stop(Subscriber subscriber) {
        if (subscriber.state() == ApiService.State.TERMINATED || subscriber.state() == ApiService.State.FAILED) {
            return;
        }
        try {
            subscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing is best effort; the channel is shut down next anyway.
        }
    }

    public List<ReceivedMessage> pull(String subscription, int maxMessages) {
        return subscriptions.pull(PullRequest.newBuilder()
                .setSubscription(subscription)
                .setMaxMessages(maxMessages)
                .build()).getReceivedMessagesList();
    }

    /**
     * Messages pulled with unary Pull calls and acked, no streaming: Google's emulator can hold back what a streaming
     * subscriber should get for minutes once the client has closed and reopened its stream (it sends none of the
     * keepalives the client expects, which then closes an idle stream every 20 s).
     */
    public List<PubsubMessage> pullAndAck(String subscription, int maxMessages) {
        List<ReceivedMessage> received = pull(subscription, maxMessages);
        if (!received.isEmpty()) {
            subscriptions.acknowledge(subscription, received.stream().map(ReceivedMessage::getAckId).toList());
        }
        return received.stream().map(ReceivedMessage::getMessage).toList();
    }

    public Topic topic(String name) {
        return topics.getTopic(name);
    }

    private static TransportChannelProvider channelProvider(ManagedChannel channel) {
        return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
    }
}
