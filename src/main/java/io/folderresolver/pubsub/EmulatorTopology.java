package io.folderresolver.pubsub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the configured topics and subscription on a Pub/Sub emulator (ours or Google's), where nothing exists
 * until someone creates it. Never used against the real service: there, topics and subscriptions are
 * infrastructure, created by whoever owns the project.
 */
public final class EmulatorTopology {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorTopology.class);

    private EmulatorTopology() {
    }

    /** A plaintext channel to an emulator, as Google's clients use one when PUBSUB_EMULATOR_HOST is set. */
    public static InstantiatingGrpcChannelProvider plaintextChannel(String endpoint) {
        return TopicAdminSettings.defaultGrpcTransportProviderBuilder()
                .setEndpoint(endpoint)
                .setChannelConfigurator(channel -> channel.usePlaintext())
                .build();
    }

    /**
     * The ingest subscription as the service wants it on an emulator: failed batches come back after a doubling
     * back-off, and with a dead-letter policy one delivery above the service's own maximum, so Pub/Sub counts
     * deliveries ({@code delivery_attempt}) and parks a batch itself only if the service could not.
     */
    public static Subscription subscription(String project, String name, String topic, Duration minimumBackoff,
            Duration maximumBackoff, String deadLetterTopic, int maxAttempts) {
        return Subscription.newBuilder()
                .setName(SubscriptionName.of(project, name).toString())
                .setTopic(TopicName.of(project, topic).toString())
                .setAckDeadlineSeconds(60)
                .setRetryPolicy(RetryPolicy.newBuilder()
                        .setMinimumBackoff(Durations.fromMillis(minimumBackoff.toMillis()))
                        .setMaximumBackoff(Durations.fromMillis(maximumBackoff.toMillis())))
                .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                        .setDeadLetterTopic(TopicName.of(project, deadLetterTopic).toString())
                        // Pub/Sub allows 5 to 100.
                        .setMaxDeliveryAttempts(Math.max(5, Math.min(100, maxAttempts + 1))))
                .build();
    }

    /** Creates what is missing: the topics, then the subscriptions on their topics. */
    public static void ensure(String endpoint, String project, Collection<String> topics,
            Collection<Subscription> subscriptions) {
        try (TopicAdminClient topicAdmin = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(plaintextChannel(endpoint))
                .setCredentialsProvider(NoCredentialsProvider.create()).build());
             SubscriptionAdminClient subscriptionAdmin = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(plaintextChannel(endpoint))
                .setCredentialsProvider(NoCredentialsProvider.create()).build())) {
            for (String topic : topics) {
                try {
                    topicAdmin.createTopic(TopicName.of(project, topic));
                    LOG.info("Created topic {} on the Pub/Sub emulator at {}", topic, endpoint);
                } catch (AlreadyExistsException e) {
                    LOG.debug("Topic {} exists", topic);
                }
            }
            for (Subscription subscription : subscriptions) {
                try {
                    subscriptionAdmin.createSubscription(subscription);
                    LOG.info("Created subscription {} on topic {} on the Pub/Sub emulator at {}",
                            subscription.getName(), subscription.getTopic(), endpoint);
                } catch (AlreadyExistsException e) {
                    LOG.debug("Subscription {} exists", subscription.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the Pub/Sub emulator at " + endpoint, e);
        }
    }
}
