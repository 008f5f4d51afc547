package io.folderresolver.local.pubsub;

import io.folderresolver.pubsub.testing.Inbox;
import io.folderresolver.pubsub.testing.PubSubClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ListTopicsRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the app relies on from Pub/Sub, checked through the official Java clients over gRPC. It runs against the
 * local stand-in and against Google's emulator, so the stand-in is held to what Google's own fake does. Every test
 * makes fresh topics and subscriptions: the emulator stops delivering on a subscription once a streaming pull on it
 * has been closed.
 */
abstract class PubSubContract {

    /** Longer than the 10 s minimum ack deadline the client sets, plus start-up and redelivery. */
    static final Duration REDELIVERY_TIMEOUT = Duration.ofSeconds(45);
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    PubSubClients pubsub;

    /** host:port of the server under test. */
    abstract String address();

    @BeforeEach
    void connect() {
        pubsub = new PubSubClients(address());
    }

    @AfterEach
    void disconnect() {
        if (pubsub != null) {
            pubsub.close();
        }
    }

    @Test
    void should_deliver_data_attributes_message_id_and_ordering_key_to_a_streaming_subscriber() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);
        String messageId = pubsub.publish(pubsub.publisher(topic), PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8("folders/123"))
                .putAttributes("batchId", "b-1")
                .putAttributes("index", "7")
                .setOrderingKey("batch-b-1")
                .build());
        Inbox inbox = new Inbox();

        pubsub.subscriber(subscription, inbox.acking());

        await().atMost(DELIVERY_TIMEOUT).until(() -> inbox.deliveries().size() >= 1);
        PubsubMessage received = inbox.deliveries().get(0);
        assertThat(received.getData().toStringUtf8()).isEqualTo("folders/123");
        assertThat(received.getAttributesMap()).containsEntry("batchId", "b-1").containsEntry("index", "7");
        assertThat(received.getMessageId()).isNotEmpty().isEqualTo(messageId);
        assertThat(received.getOrderingKey()).isEqualTo("batch-b-1");
        assertThat(received.hasPublishTime()).isTrue();
    }

    @Test
    void should_never_redeliver_an_acked_message() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);
        Publisher publisher = pubsub.publisher(topic);
        String acked = pubsub.publish(publisher, text("acked"));
        Inbox inbox = new Inbox();
        // The client stops extending deadlines at once, so what it does not ack comes back after 10 s.
        pubsub.subscriber(subscription,
                inbox.answering((message, reply) -> {
                    if (message.getMessageId().equals(acked)) {
                        reply.ack();
                    }
                }),
                pubsub.channel(), builder -> builder.setMaxAckExtensionPeriodDuration(Duration.ZERO));
        await().atMost(DELIVERY_TIMEOUT).until(() -> inbox.deliveriesOf(acked) == 1);

        // Published after the ack, held without an answer: once it is back, the acked one's deadline has passed too.
        String held = pubsub.publish(publisher, text("held"));

        await().atMost(REDELIVERY_TIMEOUT).until(() -> inbox.deliveriesOf(held) >= 2);
        assertThat(inbox.deliveriesOf(acked)).isEqualTo(1);
    }

    @Test
    void should_redeliver_a_nacked_message() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);
        String messageId = pubsub.publish(pubsub.publisher(topic), text("nack me once"));
        Inbox inbox = new Inbox();

        pubsub.subscriber(subscription, inbox.answering((message, reply) -> {
            if (inbox.deliveriesOf(message.getMessageId()) == 1) {
                reply.nack();
            } else {
                reply.ack();
            }
        }));

        await().atMost(DELIVERY_TIMEOUT).until(() -> inbox.deliveriesOf(messageId) >= 2);
        assertThat(inbox.deliveries()).extracting(message -> message.getData().toStringUtf8())
                .startsWith("nack me once", "nack me once");
    }

    @Test
    void should_redeliver_to_a_subscriber_that_never_acks_after_the_ack_deadline() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);
        String messageId = pubsub.publish(pubsub.publisher(topic), text("never acked"));
        Inbox inbox = new Inbox();

        pubsub.subscriber(subscription, inbox.answering((message, reply) -> { }), pubsub.channel(),
                builder -> builder.setMaxAckExtensionPeriodDuration(Duration.ZERO));

        await().atMost(REDELIVERY_TIMEOUT).until(() -> inbox.deliveriesOf(messageId) >= 2);
    }

    @Test
    void should_pull_acknowledge_and_redeliver_a_message_given_a_zero_deadline() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);
        Publisher publisher = pubsub.publisher(topic);
        String ackedId = pubsub.publish(publisher, text("ack"));
        String nackedId = pubsub.publish(publisher, text("nack"));

        List<ReceivedMessage> first = pullUntil(subscription, 2);
        ReceivedMessage acked = byId(first, ackedId);
        ReceivedMessage nacked = byId(first, nackedId);
        pubsub.subscriptions.acknowledge(subscription, List.of(acked.getAckId()));
        pubsub.subscriptions.modifyAckDeadline(subscription, List.of(nacked.getAckId()), 0);

        List<ReceivedMessage> again = pullUntil(subscription, 1);
        assertThat(again).extracting(message -> message.getMessage().getMessageId()).containsExactly(nackedId);
        assertThat(again.get(0).getAckId()).isNotEmpty();
        pubsub.subscriptions.acknowledge(subscription, List.of(again.get(0).getAckId()));
    }

    @Test
    void should_redeliver_a_pulled_message_after_its_deadline_but_not_an_acked_one() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);
        Publisher publisher = pubsub.publisher(topic);
        String ackedId = pubsub.publish(publisher, text("acked"));
        String expiringId = pubsub.publish(publisher, text("expiring"));
        List<ReceivedMessage> first = pullUntil(subscription, 2);
        ReceivedMessage acked = byId(first, ackedId);
        ReceivedMessage expiring = byId(first, expiringId);

        // The acked one's deadline is shortened first, so it would be back no later than the expiring one.
        pubsub.subscriptions.modifyAckDeadline(subscription, List.of(acked.getAckId()), 1);
        pubsub.subscriptions.acknowledge(subscription, List.of(acked.getAckId()));
        pubsub.subscriptions.modifyAckDeadline(subscription, List.of(expiring.getAckId()), 1);

        List<ReceivedMessage> again = pullUntil(subscription, 1);
        assertThat(again).extracting(message -> message.getMessage().getMessageId()).containsExactly(expiringId);
        assertThat(again.get(0).getAckId()).isNotEqualTo(expiring.getAckId());
    }

    @Test
    void should_not_give_a_new_subscription_what_was_published_before_it() {
        String topic = pubsub.createTopic();
        Publisher publisher = pubsub.publisher(topic);
        pubsub.publish(publisher, text("before"));
        String subscription = pubsub.createSubscription(topic);
        String afterId = pubsub.publish(publisher, text("after"));

        List<ReceivedMessage> received = pullUntil(subscription, 1);

        assertThat(received).extracting(message -> message.getMessage().getMessageId()).containsExactly(afterId);
    }

    @Test
    void should_deliver_every_message_to_each_subscription() {
        String topic = pubsub.createTopic();
        String first = pubsub.createSubscription(topic);
        String second = pubsub.createSubscription(topic);
        Publisher publisher = pubsub.publisher(topic);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(pubsub.publish(publisher, text("message " + i)));
        }
        Inbox firstInbox = new Inbox();
        Inbox secondInbox = new Inbox();

        pubsub.subscriber(first, firstInbox.acking());
        pubsub.subscriber(second, secondInbox.acking());

        List<String> expected = ids.stream().sorted().toList();
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> {
            assertThat(firstInbox.distinctMessageIds()).isEqualTo(expected);
            assertThat(secondInbox.distinctMessageIds()).isEqualTo(expected);
        });
    }

    @Test
    void should_answer_not_found_when_publishing_to_a_missing_topic() {
        Publisher publisher = pubsub.publisher(PubSubClients.uniqueTopicName("missing"));

        assertThatThrownBy(() -> publisher.publish(text("lost")).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NotFoundException.class);
    }

    @Test
    void should_create_get_list_and_delete_topics_and_subscriptions() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.subscriptions.createSubscription(Subscription.newBuilder()
                .setName(PubSubClients.uniqueSubscriptionName("admin"))
                .setTopic(topic)
                .setAckDeadlineSeconds(30)
                .build()).getName();
        String other = pubsub.createSubscription(topic);

        assertThat(pubsub.topic(topic).getName()).isEqualTo(topic);
        assertThat(pubsub.topics.listTopics(PubSubClients.PROJECT).iterateAll())
                .extracting(Topic::getName).contains(topic);
        assertThat(pubsub.topics.listTopicSubscriptions(topic).iterateAll())
                .containsExactlyInAnyOrder(subscription, other);
        assertThat(pubsub.subscriptions.listSubscriptions(PubSubClients.PROJECT).iterateAll())
                .extracting(Subscription::getName).contains(subscription, other);
        Subscription got = pubsub.subscriptions.getSubscription(subscription);
        assertThat(got.getTopic()).isEqualTo(topic);
        assertThat(got.getAckDeadlineSeconds()).isEqualTo(30);
        assertThat(pubsub.subscriptions.getSubscription(other).getAckDeadlineSeconds()).isEqualTo(10);

        pubsub.subscriptions.deleteSubscription(other);
        assertThatThrownBy(() -> pubsub.subscriptions.getSubscription(other)).isInstanceOf(NotFoundException.class);
        assertThat(pubsub.topics.listTopicSubscriptions(topic).iterateAll()).containsExactly(subscription);

        pubsub.topics.deleteTopic(topic);
        assertThatThrownBy(() -> pubsub.topic(topic)).isInstanceOf(NotFoundException.class);
        assertThat(pubsub.subscriptions.getSubscription(subscription).getTopic()).isEqualTo("_deleted-topic_");
    }

    @Test
    void should_list_topics_page_by_page() {
        Set<String> created = IntStream.range(0, 5).mapToObj(i -> pubsub.createTopic()).collect(Collectors.toSet());

        var firstPage = pubsub.topics.listTopics(ListTopicsRequest.newBuilder()
                .setProject(PubSubClients.PROJECT).setPageSize(2).build());

        assertThat(firstPage.getPage().getValues()).hasSizeLessThanOrEqualTo(2);
        assertThat(firstPage.getPage().hasNextPage()).isTrue();
        assertThat(firstPage.iterateAll()).extracting(Topic::getName).containsAll(created).doesNotHaveDuplicates();
    }

    @Test
    void should_refuse_duplicates_missing_resources_bad_names_and_unknown_ack_ids() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);

        assertThatThrownBy(() -> pubsub.topics.createTopic(topic)).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> pubsub.subscriptions.createSubscription(Subscription.newBuilder()
                .setName(subscription).setTopic(topic).build())).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> pubsub.subscriptions.createSubscription(Subscription.newBuilder()
                .setName(PubSubClients.uniqueSubscriptionName("orphan"))
                .setTopic(PubSubClients.uniqueTopicName("missing"))
                .build())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> pubsub.topics.createTopic(PubSubClients.PROJECT + "/topics/no"))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> pubsub.topics.createTopic(PubSubClients.PROJECT + "/topics/9starts-with-a-digit"))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> pubsub.subscriptions.getSubscription(PubSubClients.uniqueSubscriptionName("missing")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> pubsub.subscriptions.pull(PubSubClients.uniqueSubscriptionName("missing"), 1))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> pubsub.subscriptions.acknowledge(subscription, List.of("not-an-ack-id")))
                .isInstanceOf(InvalidArgumentException.class);
    }

    List<ReceivedMessage> pullUntil(String subscription, int count) {
        List<ReceivedMessage> received = new ArrayList<>();
        await().atMost(REDELIVERY_TIMEOUT).pollDelay(Duration.ZERO).until(() -> {
            received.addAll(pubsub.pull(subscription, count - received.size()));
            return received.size() >= count;
        });
        return received;
    }

    static ReceivedMessage byId(List<ReceivedMessage> messages, String messageId) {
        return messages.stream().filter(message -> message.getMessage().getMessageId().equals(messageId))
                .findFirst().orElseThrow(() -> new AssertionError("no message " + messageId + " in " + messages));
    }

    static PubsubMessage text(String data) {
        return PubsubMessage.newBuilder().setData(ByteString.copyFrom(data, UTF_8)).build();
    }

    @Test
    void should_accept_a_message_just_under_10_mb() {
        String topic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(topic);
        byte[] data = new byte[9_500_000];
        java.util.Arrays.fill(data, (byte) 'x');

        pubsub.topics.publish(topic, List.of(PubsubMessage.newBuilder().setData(ByteString.copyFrom(data)).build()));

        assertThat(pubsub.pull(subscription, 1)).singleElement()
                .satisfies(received -> assertThat(received.getMessage().getData().size()).isEqualTo(9_500_000));
    }

    @Test
    void should_count_deliveries_and_forward_to_the_dead_letter_topic_after_the_maximum() {
        String topic = pubsub.createTopic();
        String deadLetterTopic = pubsub.createTopic();
        String deadLetters = pubsub.createSubscription(deadLetterTopic);
        String subscription = pubsub.createSubscription(topic, Subscription.newBuilder()
                .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                        .setDeadLetterTopic(deadLetterTopic)
                        .setMaxDeliveryAttempts(5)));
        String messageId = pubsub.publish(pubsub.publisher(topic), text("hopeless"));
        Inbox inbox = new Inbox();

        pubsub.subscriber(subscription, inbox.answering((message, reply) -> reply.nack()));

        List<ReceivedMessage> parked = pullUntil(deadLetters, 1);
        assertThat(parked).singleElement().satisfies(received -> {
            assertThat(received.getMessage().getData().toStringUtf8()).isEqualTo("hopeless");
            assertThat(received.getMessage().getAttributesMap())
                    .containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "5")
                    .containsEntry("CloudPubSubDeadLetterSourceSubscription", shortName(subscription))
                    .containsEntry("CloudPubSubDeadLetterSourceSubscriptionProject", "contract-test")
                    .containsKey("CloudPubSubDeadLetterSourceTopicPublishTime");
        });
        assertThat(inbox.deliveries()).extracting(Subscriber::getDeliveryAttempt)
                .startsWith(1, 2, 3, 4, 5);
        assertThat(inbox.deliveriesOf(messageId)).isEqualTo(5);
    }

    static String shortName(String fullName) {
        return fullName.substring(fullName.lastIndexOf('/') + 1);
    }
}
