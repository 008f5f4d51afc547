package io.folderresolver.flow;

import java.net.http.HttpResponse;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.local.folders.SetupFault;
import io.folderresolver.local.pubsub.SubscriptionStats;
import io.folderresolver.pubsub.testing.PubSubClients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fault in the set-up switched on mid-service (the Folders API disabled in the caller's project, as Google answers
 * it: PERMISSION_DENIED with reason SERVICE_DISABLED), through the shipped routes from the embedded Pub/Sub: no entry
 * is written as PERMISSION_DENIED, readiness is DOWN naming the fault and its fix, the metric says which, and the
 * batch is held, not acked; once fixed, the same batch completes RESOLVED and readiness is UP.
 */
class SetupFaultTest extends FileFlowTestSupport {

    private static final String FAULT_GAUGE = "folder_resolver_setup_fault{reason=\"SERVICE_DISABLED\"}";

    @Override
    void overrideProperties(Properties properties) {
        consumeFromEmbeddedPubsub(properties);
        properties.put("resolver.outage-probe-interval", "200ms");
    }

    @Test
    void should_hold_a_batch_through_a_fault_in_the_set_up_and_resolve_it_once_fixed() throws Exception {
        warmUp();
        await().until(() -> management("/observe/health/ready").statusCode() == 200);

        standIn.setupFault(SetupFault.SERVICE_DISABLED);
        publish("{\"batchId\": \"during-fault\", \"folderIds\": [\"222\", \"333\", \"folders/111\"]}");

        await().until(() -> management("/observe/health/ready").statusCode() == 503);
        HttpResponse<String> ready = management("/observe/health/ready");
        assertThat(ready.body()).contains("folders-api").contains("SERVICE_DISABLED")
                .contains("gcloud services enable cloudresourcemanager.googleapis.com --project=123456789012");
        assertThat(metrics()).containsEntry(FAULT_GAUGE, 1.0);
        assertThat(stats().acked()).isZero();
        assertThat(visibleFiles(outbox())).noneMatch(file -> file.getFileName().toString().startsWith("during-fault"));

        standIn.setupFault(null);

        JsonNode result = awaitResult("during-fault");
        assertThat(result.get("resolved").asInt()).isEqualTo(3);
        assertThat(result.get("statuses").has("PERMISSION_DENIED")).isFalse();
        await().until(() -> management("/observe/health/ready").statusCode() == 200);
        await().until(() -> stats().acked() == 1);
        assertThat(metrics()).containsEntry(FAULT_GAUGE, 0.0);
    }

    @Test
    void should_still_write_permission_denied_for_a_folder_the_caller_may_not_see() throws Exception {
        drop("hidden.txt", "111\n999\n");

        JsonNode result = awaitResult("hidden");

        assertThat(result.get("statuses").get("RESOLVED").asInt()).isEqualTo(1);
        assertThat(result.get("statuses").get("PERMISSION_DENIED").asInt()).isEqualTo(1);
        await().until(() -> management("/observe/health/ready").statusCode() == 200);
        assertThat(metrics()).containsEntry(FAULT_GAUGE, 0.0);
    }

    private void publish(String batch) {
        try (PubSubClients pubsub = new PubSubClients(embeddedPubsub().address())) {
            pubsub.publish(pubsub.publisher(EMBEDDED_TOPIC),
                    PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(batch)).build());
        }
    }

    private SubscriptionStats stats() {
        return embeddedPubsub().stats(EMBEDDED_SUBSCRIPTION);
    }
}
