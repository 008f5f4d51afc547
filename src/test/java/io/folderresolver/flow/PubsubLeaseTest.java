package io.folderresolver.flow;

import java.util.Map;
import java.util.Properties;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.local.pubsub.SubscriptionStats;
import io.folderresolver.pubsub.testing.PubSubClients;
import org.junit.jupiter.api.Test;

import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch that runs longer than the subscription's ack deadline is not redelivered while this replica still works
 * on it: the subscriber renews its hold for up to {@code ingest.pubsub.max-ack-extension}. The batch is held by a
 * Folders API outage (entries wait it out), on the service's own embedded Pub/Sub stand-in with the shortest ack
 * deadline Pub/Sub allows (10 s). The control runs the same without renewal and sees the redelivery, so the first
 * test would see one if there were one.
 */
class PubsubLeaseTest extends FileFlowTestSupport {

    @Override
    void overrideProperties(Properties properties) {
        consumeFromEmbeddedPubsub(properties);
        properties.put("ingest.pubsub.ack-deadline", "10s");
        properties.put("resolver.outage-probe-interval", "1s");
        if (getCurrentTestName().contains("control")) {
            properties.put("ingest.pubsub.max-ack-extension", "0s");
        }
    }

    @Test
    void should_not_redeliver_a_batch_while_it_runs_past_the_ack_deadline() throws Exception {
        standIn.unavailable(true);
        publishBatch();

        // Renewed five times while the API is down: the 10 s deadline would have passed twice over.
        await().atMost(ofMinutes(2)).until(() -> stats().extended() >= 5);
        assertThat(stats()).extracting(SubscriptionStats::delivered, SubscriptionStats::redelivered,
                SubscriptionStats::expired, SubscriptionStats::outstanding).containsExactly(1L, 0L, 0L, 1);

        standIn.unavailable(false);
        assertThat(awaitResult("long-running").get("resolved").asInt()).isEqualTo(1);
        await().atMost(ofMinutes(1)).until(() -> stats().acked() == 1);
        assertThat(stats()).extracting(SubscriptionStats::delivered, SubscriptionStats::redelivered)
                .containsExactly(1L, 0L);
    }

    @Test
    void control_without_renewal_the_same_batch_is_redelivered_while_it_runs() throws Exception {
        standIn.unavailable(true);
        publishBatch();

        await().atMost(ofMinutes(2)).until(() -> stats().redelivered() >= 1);

        standIn.unavailable(false);
        assertThat(awaitResult("long-running").get("resolved").asInt()).isEqualTo(1);
    }

    private void publishBatch() {
        try (PubSubClients pubsub = new PubSubClients(embeddedPubsub().address())) {
            pubsub.publish(pubsub.publisher(EMBEDDED_TOPIC), PubsubMessage.newBuilder()
                    .setData(ByteString.copyFromUtf8("{\"batchId\": \"long-running\", \"folderIds\": [\"111\"]}"))
                    .putAllAttributes(Map.of())
                    .build());
        }
    }

    private SubscriptionStats stats() {
        return embeddedPubsub().stats(EMBEDDED_SUBSCRIPTION);
    }

}
