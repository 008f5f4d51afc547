package io.folderresolver.flow;

import java.util.Properties;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.pubsub.PubSubStandIn;
import io.folderresolver.pubsub.testing.Inbox;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.folderresolver.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped default profile, as README command 1 runs it: the embedded Folders API and Pub/Sub stand-ins, the
 * sample org, and the sample batch dropped into the inbox at start-up.
 */
class DefaultProfileTest extends FileFlowTestSupport {

    @Override
    void overrideProperties(Properties properties) {
        properties.remove("folders.emulator.enabled");
        properties.remove("folders.endpoint");
        properties.remove("folders.plaintext");
        properties.remove("resolver.rate");
        properties.remove("demo.seed-sample-input");
        properties.remove("ingest.pubsub.enabled");
        properties.remove("output.pubsub.enabled");
        properties.remove("ingest.asset-feed.subscription");
        properties.remove("resolver.asset.scope");
    }

    @Test
    void should_resolve_the_shipped_sample_batch_on_the_embedded_stand_in() throws Exception {
        JsonNode result = awaitResult("sample-batch");

        assertThat(result.get("total").asInt()).isEqualTo(41);
        assertThat(result.get("statuses").get("INVALID").asInt()).isEqualTo(2);
        assertThat(result.get("statuses").get("PERMISSION_DENIED").asInt()).isEqualTo(1);
        assertThat(result.get("resolved").asInt()).isEqualTo(38);
        assertThat(standIn.counters().getFolderCalls()).isZero();
    }

    @Test
    void should_bring_a_change_of_the_sample_org_to_the_next_batch_through_the_feed() throws Exception {
        awaitResult("sample-batch");
        FoldersStandIn sampleOrg = context.getRegistry().lookupByNameAndType("foldersStandIn", FoldersStandIn.class);
        long calls = sampleOrg.counters().getFolderCalls();

        java.net.http.HttpResponse<String> changed = Http.put(
                managementUrl("/local/folders/226533748029?displayName=Engineering%20EU"));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(changed.body()).get("asset").get("resource").get("data").get("displayName").asText())
                .isEqualTo("Engineering EU");
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics().getOrDefault(
                "folder_resolver_asset_feed_messages_total{outcome=\"applied\"}", 0.0) == 1.0);

        drop("after-rename.txt", "226533748029");
        assertThat(awaitResult("after-rename").get("names").get("folder_0_name").asText()).isEqualTo("Engineering EU");
        assertThat(sampleOrg.counters().getFolderCalls()).isEqualTo(calls);
        assertThat(Http.put(managementUrl("/local/folders/12x")).statusCode()).isEqualTo(400);
    }

    @Test
    void should_run_the_pubsub_flow_offline_on_the_embedded_stand_in() throws Exception {
        PubSubStandIn pubsubStandIn = embeddedPubsub();
        try (PubSubClients pubsub = new PubSubClients(pubsubStandIn.address())) {
            Inbox results = new Inbox();
            pubsub.subscriber(pubsub.createSubscription("projects/folder-resolver-local/topics/folder-names"),
                    results.acking());

            pubsub.publish(pubsub.publisher("projects/folder-resolver-local/topics/folder-batches"),
                    PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(
                            "{\"batchId\": \"offline\", \"folderIds\": [\"226533748029\"]}")).build());

            await().atMost(Duration.ofSeconds(30)).until(() -> find(results, "offline").isPresent());
            JsonNode result = JSON.readTree(find(results, "offline").get().getData().toByteArray());
            assertThat(result.get("names").get("folder_0_name").asText()).isEqualTo("Engineering");
            assertThat(result.get("source").asText()).isEqualTo("pubsub:folder-batches-resolver");
        }
    }

    private static Optional<PubsubMessage> find(Inbox results, String batchId) {
        return results.deliveries().stream()
                .filter(message -> batchId.equals(message.getAttributesMap().get("batchId"))).findFirst();
    }
}
