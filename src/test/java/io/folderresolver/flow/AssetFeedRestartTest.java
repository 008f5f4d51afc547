package io.folderresolver.flow;

import java.time.Instant;
import java.util.Properties;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.folderresolver.testing.FeedMessages;
import org.junit.jupiter.api.Test;

import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed's subscription deleted while the service runs: camel-google-pubsub stops its subscriber, the asset-feed
 * check says why, and once the subscription is back the consumer is restarted and changes reach the cache again.
 */
class AssetFeedRestartTest extends FileFlowTestSupport {

    private static final String FEED_TOPIC = "projects/" + EMBEDDED_PROJECT + "/topics/folder-changes";
    private static final String FEED_SUBSCRIPTION = "projects/" + EMBEDDED_PROJECT + "/subscriptions/folder-changes-resolver";

    @Override
    void overrideProperties(Properties properties) {
        properties.put("pubsub.emulator.enabled", "true");
        properties.put("pubsub.emulator.host", "");
        properties.put("gcp.project", EMBEDDED_PROJECT);
        properties.put("ingest.asset-feed.subscription", "folder-changes-resolver");
        properties.put("ingest.asset-feed.topic", "folder-changes");
        properties.put("ingest.pubsub.restart-interval", "1s");
    }

    @Test
    void should_say_why_the_feed_stopped_and_take_changes_again_once_its_subscription_is_back() throws Exception {
        try (PubSubClients pubsub = new PubSubClients(embeddedPubsub().address())) {
            pubsub.subscriptions.deleteSubscription(FEED_SUBSCRIPTION);

            await().atMost(ofMinutes(1)).until(() -> health().contains("NOT_FOUND"));
            assertThat(management("/observe/health/ready").statusCode()).isEqualTo(200);

            pubsub.subscriptions.createSubscription(FEED_SUBSCRIPTION, FEED_TOPIC, PushConfig.getDefaultInstance(), 60);
            await().atMost(ofMinutes(1)).until(() -> !health().contains("NOT_FOUND"));
            pubsub.publish(pubsub.publisher(FEED_TOPIC), PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(
                    FeedMessages.folder("222", "Platform Team", "folders/111", Instant.now()))).build());

            await().atMost(ofMinutes(1)).until(() -> metrics().getOrDefault(
                    "folder_resolver_asset_feed_messages_total{outcome=\"applied\"}", 0.0) == 1.0);
            drop("after.txt", "222");
            assertThat(awaitResult("after").get("names").get("folder_0_name").asText()).isEqualTo("Platform Team");
            assertThat(standIn.counters().getFolderCalls()).isZero();
        }
    }

    /** The asset-feed check's line in /observe/health. */
    private String health() throws Exception {
        String body = management("/observe/health?exposureLevel=full").body();
        int at = body.indexOf("\"asset-feed\"");
        return at < 0 ? "" : body.substring(at, body.indexOf('}', at));
    }
}
