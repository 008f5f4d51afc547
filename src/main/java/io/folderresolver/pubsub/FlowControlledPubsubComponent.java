package io.folderresolver.pubsub;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.time.Duration;

import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import org.apache.camel.component.google.pubsub.GooglePubsubComponent;
import org.apache.camel.component.google.pubsub.GooglePubsubEndpoint;
import org.apache.camel.component.google.pubsub.GooglePubsubHeaderFilterStrategy;

/**
 * camel-google-pubsub with a bound on the messages each consumer holds, and leases that outlast any batch.
 * Its streaming-pull subscriber asks the server for at most {@code maxInFlight} outstanding messages and processes
 * them on that many named threads, so a backlog of large batches cannot fill the heap (the stock component leaves
 * the client's default of 1000). It holds each message for at most {@code ackDeadline} at a time and keeps renewing that
 * for up to {@code maxAckExtension}, so a batch is not redelivered while this replica still works on it, and a
 * replica that dies releases its batches after at most one {@code ackDeadline}.
 * With an emulator endpoint it talks plaintext without credentials; otherwise Application Default Credentials.
 */
public class FlowControlledPubsubComponent extends GooglePubsubComponent {

    private final int maxInFlight;
    private final Duration ackDeadline;
    private final Duration maxAckExtension;
    private final SubscriberHealth health;

    public FlowControlledPubsubComponent(int maxInFlight, Duration ackDeadline, Duration maxAckExtension,
            SubscriberHealth health) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("ingest.pubsub.max-in-flight must be at least 1, was " + maxInFlight);
        }
        // Pub/Sub's own bounds for an ack deadline.
        if (ackDeadline.compareTo(Duration.ofSeconds(10)) < 0 || ackDeadline.compareTo(Duration.ofSeconds(600)) > 0) {
            throw new IllegalArgumentException("ingest.pubsub.ack-deadline must be 10 s to 600 s, was " + ackDeadline);
        }
        if (maxAckExtension.isNegative()) {
            throw new IllegalArgumentException("ingest.pubsub.max-ack-extension must not be negative");
        }
        this.maxInFlight = maxInFlight;
        this.ackDeadline = ackDeadline;
        this.maxAckExtension = maxAckExtension;
        this.health = health;
        setHeaderFilterStrategy(attributesNeverCamelHeaders());
    }

    /**
     * The stock filter drops attributes named {@code Camel*} and {@code camel*}, but Camel's header map ignores case:
     * an attribute {@code CAMELGOOGLEPUBSUBMESSAGEID} would replace the real message ID, and
     * {@code camelgooglepubsubdeliveryattempt=99} the delivery count. Matching on the lower-cased name drops every
     * {@code camel*}, {@code goog*} and {@code x-goog*} attribute whatever its letter case.
     */
    private static GooglePubsubHeaderFilterStrategy attributesNeverCamelHeaders() {
        GooglePubsubHeaderFilterStrategy filter = new GooglePubsubHeaderFilterStrategy();
        filter.setLowerCase(true);
        return filter;
    }

    @Override
    public Subscriber getSubscriber(String subscriptionName, MessageReceiver receiver, GooglePubsubEndpoint endpoint)
            throws IOException {
        Subscriber.Builder builder = Subscriber.newBuilder(subscriptionName, receiver)
                .setMaxAckExtensionPeriodDuration(maxAckExtension)
                // The client picks each deadline from observed ack times, up to this (it refuses min = max).
                .setMaxDurationPerAckExtensionDuration(ackDeadline)
                .setFlowControlSettings(FlowControlSettings.newBuilder()
                        .setMaxOutstandingElementCount((long) maxInFlight)
                        .setLimitExceededBehavior(LimitExceededBehavior.Block)
                        .build())
                .setExecutorProvider(InstantiatingExecutorProvider.newBuilder()
                        .setExecutorThreadCount(maxInFlight)
                        .setThreadFactory(new ThreadFactoryBuilder()
                                .setNameFormat("pubsub-batch-%d").setDaemon(true).build())
                        .build());
        if (getEndpoint() != null && !getEndpoint().isBlank()) {
            // The subscriber owns this channel and closes it when it stops.
            builder.setChannelProvider(EmulatorTopology.plaintextChannel(getEndpoint()));
        }
        if (!isAuthenticate()) {
            builder.setCredentialsProvider(NoCredentialsProvider.create());
        }
        Subscriber subscriber = builder.build();
        health.track(subscriber);
        return subscriber;
    }
}
