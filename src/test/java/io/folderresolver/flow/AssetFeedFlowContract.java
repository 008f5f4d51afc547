package io.folderresolver.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.pubsub.testing.Inbox;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.folderresolver.testing.FeedMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Cloud Asset Inventory feed through the shipped route asset-feed, with the official Publisher playing Google's
 * feed: messages in the shape CAI publishes (TemporalAsset JSON, v2 folder data, the plain-text welcome first). Runs
 * against every Pub/Sub server a subclass names; each test has its own topics and subscription.
 */
abstract class AssetFeedFlowContract extends FileFlowTestSupport {

    static final String PROJECT_ID = "feed-test";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String feedTopic = "projects/" + PROJECT_ID + "/topics/folder-changes-" + suffix;
    final String deadLetterTopic = "projects/" + PROJECT_ID + "/topics/dead-letter-" + suffix;
    PubSubClients pubsub;

    /** host:port of the Pub/Sub server under test. */
    abstract String pubsubAddress();

    @Override
    void overrideProperties(Properties properties) {
        properties.put("pubsub.emulator.host", pubsubAddress());
        properties.put("gcp.project", PROJECT_ID);
        properties.put("ingest.asset-feed.topic", PubSubClients.shortName(feedTopic));
        properties.put("ingest.asset-feed.subscription", "resolver-" + suffix);
        properties.put("output.pubsub.dead-letter-topic", PubSubClients.shortName(deadLetterTopic));
    }

    @Override
    protected void doPostSetup() {
        pubsub = new PubSubClients(pubsubAddress());
    }

    @Override
    protected void doPostTearDown() {
        if (pubsub != null) {
            pubsub.close();
        }
        super.doPostTearDown();
    }

    @Test
    void should_show_a_renamed_folder_in_the_next_batch_without_a_call() throws Exception {
        drop("before.txt", "111\n222");
        assertThat(awaitResult("before").get("names").get("folder_1_name").asText()).isEqualTo("Platform");
        long calls = standIn.counters().getFolderCalls();

        publish(FeedMessages.folder("222", "Platform Team", "folders/111", Instant.now().plusSeconds(1)));
        await().atMost(Duration.ofSeconds(60)).until(() -> fed("applied") == 1);

        assertThat(management("/observe/health?exposureLevel=full").body()).contains("asset-feed")
                .contains("last folder message at");

        drop("after.txt", "222");
        assertThat(awaitResult("after").get("names").get("folder_0_name").asText()).isEqualTo("Platform Team");
        assertThat(standIn.counters().getFolderCalls()).isEqualTo(calls);
    }

    @Test
    void should_keep_the_latest_change_when_they_come_late_and_twice() throws Exception {
        Instant first = Instant.now().plusSeconds(5);
        String latest = FeedMessages.folder("333", "Data Platform", "folders/111", first.plusMillis(2));

        publish(latest);
        await().atMost(Duration.ofSeconds(60)).until(() -> fed("applied") == 1);
        publish(FeedMessages.folder("333", "Data Lake", "folders/111", first));
        publish(latest);
        await().atMost(Duration.ofSeconds(60)).until(() -> fed("stale") == 2);

        drop("data.txt", "333");
        assertThat(awaitResult("data").get("names").get("folder_0_name").asText()).isEqualTo("Data Platform");
        assertThat(standIn.counters().getFolderCalls()).isZero();
    }

    @Test
    void should_ack_the_welcome_and_other_assets_and_dead_letter_what_it_cannot_read() throws Exception {
        Inbox deadLetters = new Inbox();
        pubsub.subscriber(pubsub.createSubscription(deadLetterTopic), deadLetters.acking());

        publish("You have successfully configured real time feed 'folders' on 'organizations/1'.");
        publish(FeedMessages.folder("444", "x", "organizations/1", Instant.now()).replace(
                "cloudresourcemanager.googleapis.com/Folder", "cloudresourcemanager.googleapis.com/Project"));
        String unreadable = publish("{\"asset\": {\"assetType\": \"cloudresourcemanager.googleapis.com/Folder\"}}");

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.deliveries().size() == 1);
        PubsubMessage parked = deadLetters.deliveries().get(0);
        assertThat(parked.getAttributesOrThrow("sourceMessageId")).isEqualTo(unreadable);
        assertThat(parked.getAttributesOrThrow("error")).contains("without a folder name");
        assertThat(parked.getData().toStringUtf8()).contains("assetType");
        await().until(() -> fed("welcome") == 1 && fed("other_asset") == 1 && fed("unreadable") == 1);
    }

    private String publish(String data) {
        return pubsub.publish(pubsub.publisher(feedTopic),
                PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build());
    }

    /** Feed messages counted with this outcome. */
    private double fed(String outcome) throws Exception {
        Map<String, Double> metrics = metrics();
        return metrics.getOrDefault("folder_resolver_asset_feed_messages_total{outcome=\"" + outcome + "\"}", 0.0);
    }
}
