package io.folderresolver.flow;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.local.pubsub.SubscriptionStats;
import io.folderresolver.pubsub.testing.Inbox;
import io.folderresolver.pubsub.testing.PubSubClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Pub/Sub batch whose entries FAIL because the Folders API stayed unreachable past resolver.outage-tolerance is not
 * acked with names missing: it is nacked, delivered again, and after ingest.pubsub.max-attempts dead-lettered with
 * the reason. With ingest.pubsub.deliver-failed=true the result with FAILED entries is delivered and acked, as before.
 */
class FailedEntriesTest extends FileFlowTestSupport {

    private static final int MAX_ATTEMPTS = 2;
    private PubSubClients pubsub;

    @Override
    void overrideProperties(Properties properties) {
        consumeFromEmbeddedPubsub(properties);
        properties.put("output.pubsub.enabled", "true");
        properties.put("resolver.outage-tolerance", "300ms");
        properties.put("resolver.outage-probe-interval", "100ms");
        properties.put("ingest.pubsub.max-attempts", Integer.toString(MAX_ATTEMPTS));
        properties.put("ingest.pubsub.retry-min-backoff", "500ms");
        properties.put("ingest.pubsub.retry-max-backoff", "1s");
        if (getCurrentTestName().contains("deliver_failed")) {
            properties.put("ingest.pubsub.deliver-failed", "true");
        }
    }

    @AfterEach
    void closeClients() {
        if (pubsub != null) {
            pubsub.close();
        }
    }

    @Test
    void should_redeliver_a_batch_with_failed_entries_then_dead_letter_it_with_the_reason() throws Exception {
        pubsub = new PubSubClients(embeddedPubsub().address());
        Inbox deadLetters = new Inbox();
        pubsub.subscriber(pubsub.createSubscription(topic("folder-batches-dead-letter")), deadLetters.acking());
        Map<String, Double> before = metrics();
        standIn.unavailable(true);

        String messageId = publish("{\"batchId\": \"unlucky\", \"folderIds\": [\"111\", \"222\"]}");

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.deliveries().size() == 1);
        PubsubMessage parked = deadLetters.deliveries().get(0);
        assertThat(parked.getAttributesOrThrow("sourceMessageId")).isEqualTo(messageId);
        assertThat(parked.getAttributesOrThrow("deliveryAttempts")).isEqualTo(Integer.toString(MAX_ATTEMPTS));
        assertThat(parked.getAttributesOrThrow("error")).startsWith("2 of 2 entries FAILED")
                .contains("unreachable").contains("resolver.outage-tolerance");
        await().until(() -> stats().acked() == 1);
        assertThat(stats().delivered()).isEqualTo(MAX_ATTEMPTS);
        assertThat(visibleFiles(outbox())).isEmpty();
        assertThat(delta(before, metrics(),
                "folder_resolver_batches_failed_entries_total{outcome=\"nacked\",source=\"pubsub\"}")).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void control_with_deliver_failed_the_result_carries_the_failed_entries_and_is_acked() throws Exception {
        pubsub = new PubSubClients(embeddedPubsub().address());
        standIn.unavailable(true);

        publish("{\"batchId\": \"delivered-anyway\", \"folderIds\": [\"111\"]}");

        JsonNode result = awaitResult("delivered-anyway");
        assertThat(result.get("statuses").get("FAILED").asInt()).isEqualTo(1);
        await().until(() -> stats().acked() == 1);
        assertThat(stats().delivered()).isEqualTo(1);
    }

    private String publish(String batch) {
        return pubsub.publish(pubsub.publisher(EMBEDDED_TOPIC),
                PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(batch)).build());
    }

    private static String topic(String name) {
        return "projects/" + EMBEDDED_PROJECT + "/topics/" + name;
    }

    private SubscriptionStats stats() {
        return embeddedPubsub().stats(EMBEDDED_SUBSCRIPTION);
    }
}
