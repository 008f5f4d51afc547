package io.folderresolver.flow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.pubsub.testing.Inbox;
import io.folderresolver.pubsub.testing.PubSubClients;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Pub/Sub flow through the shipped routes, with the official Publisher and Subscriber as the outside world.
 * Runs against every Pub/Sub server a subclass names; each test has its own topics and subscription, as Google's
 * emulator needs. Both outputs are on: a result file appears only after the result was published.
 */
abstract class PubsubFlowContract extends FileFlowTestSupport {

    static final String PROJECT_ID = "contract-test";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String inputTopic = "projects/" + PROJECT_ID + "/topics/batches-" + suffix;
    final String outputTopic = "projects/" + PROJECT_ID + "/topics/names-" + suffix;
    final String deadLetterTopic = "projects/" + PROJECT_ID + "/topics/dead-letter-" + suffix;
    final String subscription = "resolver-" + suffix;
    PubSubClients pubsub;

    /** host:port of the Pub/Sub server under test. */
    abstract String pubsubAddress();

    /**
     * Deliveries before a failing batch is dead-lettered. The service creates the subscription with a retry
     * policy; a server that ignores it redelivers at once, so it needs more deliveries to outlast a short fault.
     */
    int maxAttempts() {
        return 5;
    }

    @Override
    void overrideProperties(Properties properties) {
        properties.put("pubsub.emulator.host", pubsubAddress());
        properties.put("gcp.project", PROJECT_ID);
        properties.put("ingest.pubsub.enabled", "true");
        properties.put("ingest.pubsub.topic", PubSubClients.shortName(inputTopic));
        properties.put("ingest.pubsub.subscription", subscription);
        properties.put("ingest.pubsub.max-attempts", Integer.toString(maxAttempts()));
        properties.put("ingest.pubsub.retry-min-backoff", "500ms");
        properties.put("ingest.pubsub.retry-max-backoff", "2s");
        properties.put("output.pubsub.enabled", "true");
        properties.put("output.pubsub.topic", PubSubClients.shortName(outputTopic));
        properties.put("output.pubsub.dead-letter-topic", PubSubClients.shortName(deadLetterTopic));
        properties.put("output.file.enabled", "true");
        // Small, so a result of a few hundred entries needs several messages; every other test's result fits one.
        properties.put("output.pubsub.max-message-bytes", "8000");
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


    /** Subscribes the test to a topic the service writes to; only messages published from now on arrive. */
    Inbox listenTo(String topic) {
        Inbox inbox = new Inbox();
        pubsub.subscriber(pubsub.createSubscription(topic), inbox.acking());
        return inbox;
    }

    String publishBatch(String data, Map<String, String> attributes) {
        Publisher publisher = pubsub.publisher(inputTopic);
        return pubsub.publish(publisher, PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8(data)).putAllAttributes(attributes).build());
    }

    static JsonNode json(PubsubMessage message) throws Exception {
        return JSON.readTree(message.getData().toByteArray());
    }

    @Test
    void should_publish_one_result_per_batch_with_its_attributes() throws Exception {
        Inbox results = listenTo(outputTopic);

        String messageId = publishBatch("{\"batchId\": \"b-1\", \"folderIds\": [\"111\", \"folders/222\", \"abc\"]}", Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> results.deliveries().size() == 1);
        PubsubMessage published = results.deliveries().get(0);
        assertThat(published.getAttributesMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "batchId", "b-1", "sourceMessageId", messageId, "total", "3", "resolved", "2", "failed", "1",
                "part", "1", "parts", "1"));
        JsonNode result = json(published);
        assertThat(result.get("batchId").asText()).isEqualTo("b-1");
        assertThat(result.get("source").asText()).isEqualTo("pubsub:" + subscription);
        assertThat(result.get("names").toString()).isEqualTo("{\"folder_0_name\":\"Engineering\",\"folder_1_name\":\"Platform\"}");
        assertThat(awaitResult("b-1").get("total").asInt()).isEqualTo(3);
    }

    @Test
    void should_use_the_message_id_as_batch_id_when_the_batch_names_none() throws Exception {
        Inbox results = listenTo(outputTopic);

        String messageId = publishBatch("111\n222\n", Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> results.deliveries().size() == 1);
        assertThat(json(results.deliveries().get(0)).get("batchId").asText()).isEqualTo(messageId);
        assertThat(results.deliveries().get(0).getAttributesOrThrow("batchId")).isEqualTo(messageId);
    }

    @Test
    void should_publish_results_in_completion_order() throws Exception {
        warmUp();
        Inbox results = listenTo(outputTopic);
        standIn.delay("111", Duration.ofMillis(1200));
        standIn.delay("222", Duration.ofMillis(600));

        publishBatch("[\"111\", \"222\", \"333\"]", Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> results.deliveries().size() == 1);
        List<Integer> order = new java.util.ArrayList<>();
        json(results.deliveries().get(0)).get("results").forEach(entry -> order.add(entry.get("index").asInt()));
        assertThat(order).containsExactly(2, 1, 0);
    }

    @Test
    void should_redeliver_a_batch_whose_result_cannot_be_published_until_it_can() throws Exception {
        pubsub.topics.deleteTopic(outputTopic);
        NotifyBuilder nacked = new NotifyBuilder(context).fromRoute("pubsub-ingest").whenFailed(2).create();

        publishBatch("{\"batchId\": \"parked\", \"folderIds\": [\"111\"]}", Map.of());

        // Delivered, failed and nacked at least twice: Pub/Sub gave it back after the first nack.
        assertThat(nacked.matches(30, SECONDS)).isTrue();
        assertThat(visibleFiles(outbox())).isEmpty();

        pubsub.topics.createTopic(outputTopic);
        JsonNode result = awaitResult("parked");

        assertThat(result.get("names").get("folder_0_name").asText()).isEqualTo("Engineering");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> visibleFiles(outbox()).size() == 1);
    }

    @Test
    void should_dead_letter_a_batch_that_keeps_failing_after_the_maximum_of_deliveries_and_ack_it() throws Exception {
        Map<String, Double> before = metrics();
        Inbox deadLetters = listenTo(deadLetterTopic);
        pubsub.topics.deleteTopic(outputTopic);
        NotifyBuilder delivered = new NotifyBuilder(context).fromRoute("pubsub-ingest").whenDone(maxAttempts()).create();

        String messageId = publishBatch("{\"batchId\": \"hopeless\", \"folderIds\": [\"111\"]}", Map.of());

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.deliveries().size() == 1);
        assertThat(delivered.matches(10, SECONDS)).isTrue();
        PubsubMessage parked = deadLetters.deliveries().get(0);
        assertThat(parked.getData().toStringUtf8()).isEqualTo("{\"batchId\": \"hopeless\", \"folderIds\": [\"111\"]}");
        assertThat(parked.getAttributesOrThrow("deliveryAttempts")).isEqualTo(Integer.toString(maxAttempts()));
        assertThat(parked.getAttributesOrThrow("sourceMessageId")).isEqualTo(messageId);
        assertThat(parked.getAttributesOrThrow("error")).isNotBlank();
        // Acked: no further delivery, no second dead letter (Pub/Sub's own policy would forward it one later).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> deadLetters.deliveries().size() == 1);
        assertThat(visibleFiles(outbox())).isEmpty();
        Map<String, Double> after = metrics();
        assertThat(delta(before, after, "folder_resolver_pubsub_messages_total{outcome=\"nacked\"}")).isEqualTo(maxAttempts() - 1);
        assertThat(delta(before, after, "folder_resolver_pubsub_messages_total{outcome=\"acked\"}")).isEqualTo(1);
        assertThat(delta(before, after, "folder_resolver_batches_total{outcome=\"dead_lettered\",source=\"pubsub\"}")).isEqualTo(1);
    }

    /**
     * camel-google-pubsub drops attributes named Camel* but not CAMEL*, and Camel's headers ignore case: these would
     * replace the message ID (consumers de-duplicate on it) and the delivery count (99 dead-letters at once).
     */
    @Test
    void should_not_let_attributes_in_any_letter_case_forge_the_message_id_or_the_delivery_count() throws Exception {
        Inbox deadLetters = listenTo(deadLetterTopic);
        pubsub.topics.deleteTopic(outputTopic);
        NotifyBuilder delivered = new NotifyBuilder(context).fromRoute("pubsub-ingest").whenDone(maxAttempts()).create();

        String messageId = publishBatch("{\"batchId\": \"forged\", \"folderIds\": [\"111\"]}", Map.of(
                "CAMELGOOGLEPUBSUBMESSAGEID", "forged-id", "camelgooglepubsubdeliveryattempt", "99",
                "CamelGooglePubsubAttributes", "forged", "cAmElGooglePubsubMessageId", "forged-too"));

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.deliveries().size() == 1);
        assertThat(delivered.matches(10, SECONDS)).isTrue();
        PubsubMessage parked = deadLetters.deliveries().get(0);
        assertThat(parked.getAttributesOrThrow("deliveryAttempts")).isEqualTo(Integer.toString(maxAttempts()));
        assertThat(parked.getAttributesOrThrow("sourceMessageId")).isEqualTo(messageId);
    }

    /** A parser's error can quote 5,000 characters of the batch; Pub/Sub refuses attribute values over 1,024 bytes. */
    @Test
    void should_dead_letter_a_batch_whose_error_is_longer_than_an_attribute_may_be() throws Exception {
        Inbox deadLetters = listenTo(deadLetterTopic);
        String key = "k".repeat(5000);
        String data = "{\"folderIds\": [\"111\"], \"" + key + "\": 1, \"" + key + "\": 2}";

        String messageId = publishBatch(data, Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.deliveries().size() == 1);
        PubsubMessage parked = deadLetters.deliveries().get(0);
        assertThat(parked.getData().toStringUtf8()).isEqualTo(data);
        assertThat(parked.getAttributesOrThrow("sourceMessageId")).isEqualTo(messageId);
        String error = parked.getAttributesOrThrow("error");
        assertThat(error).startsWith("broken JSON: Duplicate field").contains("[cut: ");
        assertThat(error.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(1024);
    }

    @Test
    void should_dead_letter_an_unreadable_batch_once_and_ack_it() throws Exception {
        Inbox deadLetters = listenTo(deadLetterTopic);
        Inbox results = listenTo(outputTopic);

        String messageId = publishBatch("{\"folderIds\": [\"111\", ", Map.of("origin", "billing-export"));

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.deliveries().size() == 1);
        PubsubMessage parked = deadLetters.deliveries().get(0);
        assertThat(parked.getData().toStringUtf8()).isEqualTo("{\"folderIds\": [\"111\", ");
        assertThat(parked.getAttributesOrThrow("error")).startsWith("broken JSON");
        assertThat(parked.getAttributesOrThrow("sourceMessageId")).isEqualTo(messageId);
        // Acked: it never comes back, so it is never dead-lettered again; and no result is made of it.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> deadLetters.deliveries().size() == 1 && results.deliveries().isEmpty());
    }

    @Test
    void should_resolve_50_batches_published_at_once_exactly_once() throws Exception {
        Inbox results = listenTo(outputTopic);
        String[] folders = { "111", "222", "333", "444", "999", "x" };

        for (int i = 0; i < 50; i++) {
            StringBuilder ids = new StringBuilder();
            for (int j = 0; j <= i % folders.length; j++) {
                ids.append(j == 0 ? "" : ",").append('"').append(folders[(i + j) % folders.length]).append('"');
            }
            publishBatch("{\"batchId\": \"many-" + i + "\", \"folderIds\": [" + ids + "]}", Map.of());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> results.deliveries().size() >= 50);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> results.deliveries().size() == 50);
        Map<String, Integer> resultsPerBatch = new HashMap<>();
        for (PubsubMessage result : results.deliveries()) {
            resultsPerBatch.merge(result.getAttributesOrThrow("batchId"), 1, Integer::sum);
            JsonNode document = json(result);
            assertThat(document.get("total").asInt()).isEqualTo(document.get("results").size());
        }
        assertThat(resultsPerBatch).hasSize(50).allSatisfy((batchId, count) -> assertThat(count).isEqualTo(1));
        assertThat(visibleFiles(outbox())).hasSize(50);
    }

    @Test
    void should_not_let_message_attributes_steer_files_or_results() throws Exception {
        Inbox results = listenTo(outputTopic);
        Map<String, String> injected = new HashMap<>();
        injected.put("CamelFileName", "../escaped-1.json");
        injected.put("CAMELFILENAME", "../../escaped-2.json");
        injected.put("camelFileName", "escaped-3.json");
        injected.put("CamelOverruleFileName", "../escaped-4.json");
        injected.put("camelOverruleFileName", "escaped-5.json");
        injected.put("CamelFileNameProduced", "escaped-6.json");
        injected.put("batchId", "attribute-batch-id");
        injected.put("total", "999");
        injected.put("CamelGooglePubsubOrderingKey", "hijack");
        injected.put("CAMELGOOGLEPUBSUBMESSAGEID", "forged-id");

        String messageId = publishBatch("{\"batchId\": \"payload-id\", \"folderIds\": [\"111\"]}", injected);

        await().atMost(Duration.ofSeconds(30)).until(() -> results.deliveries().size() == 1);
        PubsubMessage published = results.deliveries().get(0);
        assertThat(published.getAttributesMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "batchId", "payload-id", "sourceMessageId", messageId, "total", "1", "resolved", "1", "failed", "0",
                "part", "1", "parts", "1"));
        assertThat(published.getOrderingKey()).isEmpty();
        awaitResult("payload-id");
        List<Path> written = visibleFiles(outbox());
        assertThat(written).singleElement()
                .satisfies(file -> assertThat(file.getFileName().toString()).startsWith("payload-id-"));
        try (var everything = java.nio.file.Files.walk(work)) {
            assertThat(everything.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("escaped-"));
        }
    }

    @Test
    void should_publish_a_result_too_large_for_one_message_in_parts_that_each_are_a_document() throws Exception {
        Inbox results = listenTo(outputTopic);
        String[] folders = { "111", "222", "333", "444", "999", "x" };
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(folders[i % folders.length]).append('"');
        }
        String messageId = publishBatch("{\"batchId\": \"big\", \"folderIds\": [" + ids + "]}", Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> !results.deliveries().isEmpty()
                && results.deliveries().size() == Integer.parseInt(results.deliveries().get(0).getAttributesOrThrow("parts")));
        List<PubsubMessage> parts = results.deliveries();
        assertThat(parts.size()).isGreaterThan(1);
        java.util.Set<Integer> indexes = new java.util.TreeSet<>();
        Map<String, String> names = new HashMap<>();
        java.util.Set<String> partNumbers = new java.util.TreeSet<>();
        for (PubsubMessage part : parts) {
            assertThat(part.getData().size()).isLessThanOrEqualTo(8000);
            assertThat(part.getAttributesMap()).containsEntry("batchId", "big").containsEntry("sourceMessageId", messageId)
                    .containsEntry("total", "300").containsEntry("parts", Integer.toString(parts.size()));
            partNumbers.add(part.getAttributesOrThrow("part"));
            JsonNode document = json(part);
            assertThat(document.get("total").asInt()).isEqualTo(300);
            assertThat(document.get("parts").asInt()).isEqualTo(parts.size());
            document.get("results").forEach(entry -> assertThat(indexes.add(entry.get("index").asInt())).isTrue());
            document.get("names").fields().forEachRemaining(name -> names.put(name.getKey(), name.getValue().asText()));
        }
        assertThat(partNumbers).hasSize(parts.size());
        assertThat(indexes).hasSize(300);
        // Entries 0-3 of every six are known folders: 200 names, the same as the file's document.
        assertThat(names).hasSize(200);
        JsonNode whole = awaitResult("big");
        Map<String, String> wholeNames = new HashMap<>();
        whole.get("names").fields().forEachRemaining(name -> wholeNames.put(name.getKey(), name.getValue().asText()));
        assertThat(names).isEqualTo(wholeNames);
    }
}
