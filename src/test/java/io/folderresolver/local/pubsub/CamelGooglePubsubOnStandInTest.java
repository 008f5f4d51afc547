package io.folderresolver.local.pubsub;

import io.folderresolver.pubsub.testing.PubSubClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.google.pubsub.GooglePubsubComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** camel-google-pubsub's producer and both its consumers (streaming and synchronous pull) on the stand-in. */
class CamelGooglePubsubOnStandInTest {

    private static final String PROJECT_ID = "contract-test";

    private PubSubStandIn standIn;
    private PubSubClients pubsub;
    private CamelContext camel;

    @BeforeEach
    void start() {
        standIn = PubSubStandIn.start(0);
        pubsub = new PubSubClients(standIn.address());
        camel = new DefaultCamelContext();
        GooglePubsubComponent component = new GooglePubsubComponent();
        component.setEndpoint(standIn.address());
        component.setAuthenticate(false);
        camel.addComponent("google-pubsub", component);
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        pubsub.close();
        standIn.close();
    }

    @Test
    void should_carry_messages_from_a_camel_producer_to_camel_consumers_and_redeliver_a_failed_exchange()
            throws Exception {
        String topic = pubsub.createTopic();
        String streaming = pubsub.createSubscription(topic);
        String polling = pubsub.createSubscription(topic);
        List<String> streamed = new CopyOnWriteArrayList<>();
        List<String> polled = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish").to("google-pubsub:" + PROJECT_ID + ":" + id(topic));
                // The first attempt fails, so the consumer nacks it and it must come back.
                from("google-pubsub:" + PROJECT_ID + ":" + id(streaming))
                        .process(exchange -> {
                            String body = new String(exchange.getIn().getBody(byte[].class), StandardCharsets.UTF_8);
                            streamed.add(body);
                            if (streamed.size() == 1) {
                                throw new IllegalStateException("first attempt fails");
                            }
                        });
                from("google-pubsub:" + PROJECT_ID + ":" + id(polling) + "?synchronousPull=true")
                        .process(exchange -> polled.add(
                                new String(exchange.getIn().getBody(byte[].class), StandardCharsets.UTF_8)));
            }
        });
        camel.start();

        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBody("direct:publish", "folders/123");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(streamed).containsExactly("folders/123", "folders/123");
            assertThat(polled).containsExactly("folders/123");
            assertThat(standIn.stats(streaming).acked()).isEqualTo(1);
            assertThat(standIn.stats(polling).acked()).isEqualTo(1);
        });
        assertThat(standIn.stats(streaming).redelivered()).isEqualTo(1);
    }

    private static String id(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
