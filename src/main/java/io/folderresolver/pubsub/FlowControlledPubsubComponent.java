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

/**
 * camel-google-pubsub with a bound on the messages each consumer holds: its streaming-pull subscriber asks the
 * server for at most {@code maxInFlight} outstanding messages and processes them on that many named threads, so a
 * backlog of large batches cannot fill the heap (the stock component leaves the client's default of 1000).
 * With an emulator endpoint it talks plaintext without credentials; otherwise Application Default Credentials.
 */
public class FlowControlledPubsubComponent extends GooglePubsubComponent {

    private final int maxInFlight;

    public FlowControlledPubsubComponent(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("ingest.pubsub.max-in-flight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    @Override
    public Subscriber getSubscriber(String subscriptionName, MessageReceiver receiver, GooglePubsubEndpoint endpoint)
            throws IOException {
        Subscriber.Builder builder = Subscriber.newBuilder(subscriptionName, receiver)
                .setMaxAckExtensionPeriodDuration(Duration.ofSeconds(endpoint.getMaxAckExtensionPeriod()))
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
        return builder.build();
    }
}
