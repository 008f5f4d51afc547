package io.folderresolver.flow;

import java.net.http.HttpResponse;
import java.util.Properties;

import io.folderresolver.pubsub.testing.PubSubClients;
import org.junit.jupiter.api.Test;

import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the Pub/Sub subscription: DOWN while it is gone, with the reason; once it is back the consumer,
 * which camel-google-pubsub had stopped, is restarted, a batch goes through, and readiness is UP again.
 */
class PubsubHealthTest extends FileFlowTestSupport {

    @Override
    void overrideProperties(Properties properties) {
        consumeFromEmbeddedPubsub(properties);
        properties.put("ingest.pubsub.restart-interval", "1s");
    }

    @Test
    void should_not_be_ready_while_the_subscription_is_gone_and_ready_again_once_it_is_back() throws Exception {
        // Ready once the consumer has started.
        await().atMost(ofMinutes(1)).until(() -> readiness().statusCode() == 200);

        try (PubSubClients pubsub = new PubSubClients(embeddedPubsub().address())) {
            pubsub.subscriptions.deleteSubscription(EMBEDDED_SUBSCRIPTION);

            await().atMost(ofMinutes(1)).until(() -> readiness().statusCode() == 503);
            assertThat(readiness().body()).contains("pubsub-subscription").contains("NOT_FOUND");
            assertThat(management("/observe/health/live").statusCode()).isEqualTo(200);

            pubsub.subscriptions.createSubscription(EMBEDDED_SUBSCRIPTION, EMBEDDED_TOPIC,
                    com.google.pubsub.v1.PushConfig.getDefaultInstance(), 60);

            await().atMost(ofMinutes(1)).until(() -> readiness().statusCode() == 200);
            pubsub.publish(pubsub.publisher(EMBEDDED_TOPIC),
                    com.google.pubsub.v1.PubsubMessage.newBuilder()
                            .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"batchId\": \"after\", \"folderIds\": [\"111\"]}"))
                            .build());
            assertThat(awaitResult("after").get("resolved").asInt()).isEqualTo(1);
        }
    }

    private HttpResponse<String> readiness() throws Exception {
        return management("/observe/health/ready");
    }

}
