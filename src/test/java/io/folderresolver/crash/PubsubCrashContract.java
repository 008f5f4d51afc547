package io.folderresolver.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.folderresolver.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the packaged service in the middle of Pub/Sub batches, then a restart: every batch still gets a complete
 * result on the output topic (it was not acked, so Pub/Sub delivers it again). A result may come twice, as the docs
 * say, when the kill falls between publishing and the ack; consumers de-duplicate by batchId and sourceMessageId.
 */
abstract class PubsubCrashContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int BATCHES = 3;
    private static final int IDS_PER_BATCH = 600;

    @TempDir
    Path work;
    private FoldersStandIn folders;
    private PubSubClients pubsub;
    private final List<ServiceProcess> started = new ArrayList<>();

    abstract String pubsubAddress();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
        if (pubsub != null) {
            pubsub.close();
        }
        if (folders != null) {
            folders.close();
        }
    }

    @Test
    void should_give_every_batch_a_complete_result_after_a_kill_in_the_middle_of_them() throws Exception {
        FolderTree tree = new FolderTree();
        for (int i = 0; i < BATCHES * IDS_PER_BATCH; i++) {
            tree.add(folderId(i), "organizations/1", "folder-" + i);
        }
        folders = FoldersStandIn.start(tree, StandInBehaviour.immediate(), 0);
        pubsub = new PubSubClients(pubsubAddress());
        String batches = pubsub.createTopic();
        String results = pubsub.createTopic();
        String deadLetters = pubsub.createTopic();
        String subscription = pubsub.createSubscription(batches, Subscription.newBuilder().setAckDeadlineSeconds(10)
                .setDeadLetterPolicy(DeadLetterPolicy.newBuilder().setDeadLetterTopic(deadLetters).setMaxDeliveryAttempts(10)));
        String resultsSubscription = pubsub.createSubscription(results);
        List<PubsubMessage> published = new CopyOnWriteArrayList<>();
        Map<String, String> env = environment(subscription, results, deadLetters);
        Set<String> batchIds = new java.util.HashSet<>();
        for (int b = 0; b < BATCHES; b++) {
            StringBuilder ids = new StringBuilder();
            for (int i = b * IDS_PER_BATCH; i < (b + 1) * IDS_PER_BATCH; i++) {
                ids.append(ids.length() == 0 ? "" : ",").append('"').append(folderId(i)).append('"');
            }
            batchIds.add("crash-" + b);
            pubsub.publish(pubsub.publisher(batches), PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(
                    "{\"batchId\": \"crash-" + b + "\", \"folderIds\": [" + ids + "]}")).build());
        }

        ServiceProcess first = start(env);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1))
                .until(() -> folders.counters().getFolderCalls() >= IDS_PER_BATCH / 2);
        first.kill();
        start(env);

        // Results read with unary pulls: a streaming subscriber of the test's own can stall on Google's emulator.
        await().atMost(PATIENCE).until(() -> {
            published.addAll(pubsub.pullAndAck(resultsSubscription, 10));
            return batchIdsOf(published).containsAll(batchIds);
        });
        for (PubsubMessage message : published) {
            JsonNode result = JSON.readTree(message.getData().toByteArray());
            assertThat(result.get("total").asInt()).isEqualTo(IDS_PER_BATCH);
            assertThat(result.get("resolved").asInt()).isEqualTo(IDS_PER_BATCH);
            assertThat(result.get("results")).hasSize(IDS_PER_BATCH);
        }
    }

    private static Set<String> batchIdsOf(List<PubsubMessage> messages) {
        return messages.stream().map(message -> message.getAttributesOrDefault("batchId", ""))
                .collect(Collectors.toSet());
    }

    private ServiceProcess start(Map<String, String> env) throws Exception {
        ServiceProcess service = ServiceProcess.start(work, env, work.resolve("service.log"));
        started.add(service);
        return service;
    }

    /** Pub/Sub in and out at the server under test, the Folders stand-in of this JVM, no files, 200 calls/s. */
    private Map<String, String> environment(String subscription, String results, String deadLetters) {
        Map<String, String> env = new HashMap<>(ServiceProcess.fileOnlyEnvironment(folders.address(), 200,
                work.resolve("inbox"), work.resolve("outbox")));
        env.put("RESOLVER_BULK_ENABLED", "false");
        env.put("PUBSUB_EMULATOR_HOST", pubsubAddress());
        env.put("PUBSUB_EMULATOR_ENABLED", "false");
        env.put("GCP_PROJECT", PubSubClients.PROJECT.substring("projects/".length()));
        env.put("INGEST_PUBSUB_ENABLED", "true");
        env.put("INGEST_PUBSUB_SUBSCRIPTION", PubSubClients.shortName(subscription));
        env.put("INGEST_PUBSUB_TOPIC", "unused-topic");
        env.put("INGEST_PUBSUB_ACK_DEADLINE", "10s");
        env.put("OUTPUT_PUBSUB_ENABLED", "true");
        env.put("OUTPUT_PUBSUB_TOPIC", PubSubClients.shortName(results));
        env.put("OUTPUT_PUBSUB_DEAD_LETTER_TOPIC", PubSubClients.shortName(deadLetters));
        env.put("OUTPUT_FILE_ENABLED", "false");
        return env;
    }


    private static String folderId(int i) {
        return Long.toString(200_000_000_000L + i);
    }
}
