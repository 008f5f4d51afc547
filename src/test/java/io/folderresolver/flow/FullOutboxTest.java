package io.folderresolver.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.pubsub.SubscriptionStats;
import io.folderresolver.pubsub.testing.PubSubClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full outbox is the environment's fault, not the batch's. On a real file system the test mounts (a 256 KiB tmpfs,
 * too small for the 3,000-entry result; our machines and CI run as root, elsewhere the test is skipped): the batch
 * stays in the inbox, not in error/, nothing it spooled is left, readiness is DOWN naming the path and its free space,
 * failures are counted; once the file system has room, the batch completes with one result and readiness is UP.
 */
class FullOutboxTest extends FileFlowTestSupport {

    private static final int IDS = 3_000;
    private Path mounted;

    @Override
    FolderTree tree() {
        FolderTree tree = super.tree();
        IntStream.range(0, IDS).forEach(i -> tree.add(Integer.toString(10_000 + i), "organizations/1", "team-" + i));
        return tree;
    }

    @Override
    Path outbox() {
        return work.resolve("small-disk");
    }

    @Override
    void overrideProperties(Properties properties) {
        try {
            Files.createDirectories(outbox());
            Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", outbox().toString()) == 0,
                    "mounting a tmpfs needs root");
            mounted = outbox();
        } catch (IOException | InterruptedException e) {
            Assumptions.abort("cannot mount a tmpfs: " + e);
        }
        properties.put("output.file.dir", outbox().toString());
        properties.put("resolver.bulk.enabled", "false");
        if (getCurrentTestName().contains("message")) {
            consumeFromEmbeddedPubsub(properties);
            properties.put("ingest.pubsub.max-attempts", "2");
            properties.put("ingest.pubsub.retry-min-backoff", "500ms");
            properties.put("ingest.pubsub.retry-max-backoff", "1s");
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", "-l", mounted.toString());
        }
    }

    @Test
    void should_keep_a_batch_whose_result_finds_no_room_and_complete_it_once_there_is() throws Exception {
        drop("large.txt", IntStream.range(0, IDS).mapToObj(i -> Integer.toString(10_000 + i))
                .collect(Collectors.joining("\n")));

        await().atMost(Duration.ofMinutes(2)).until(() -> management("/observe/health/ready").statusCode() == 503);
        // The health document escapes slashes: the path is checked by its last part.
        assertThat(management("/observe/health/ready").body()).contains("outbox").contains("small-disk")
                .contains("No space left on device").contains("0 bytes free of 262,144");
        assertThat(metrics().get("folder_resolver_outbox_write_failures_total")).isPositive();
        assertThat(visibleFiles(inbox())).extracting(file -> file.getFileName().toString()).containsExactly("large.txt");
        assertThat(visibleFiles(inbox().resolve("error"))).isEmpty();
        await().until(() -> hidden(outbox()).isEmpty());

        assertThat(run("mount", "-o", "remount,size=16m", outbox().toString())).isZero();

        // Taken again once the outbox's back-off (1 s, doubling) ends.
        await().atMost(Duration.ofMinutes(2)).until(() -> !visibleFiles(outbox()).isEmpty());
        JsonNode result = awaitResult("large");
        assertThat(result.get("resolved").asInt()).isEqualTo(IDS);
        assertThat(visibleFiles(outbox())).hasSize(1);
        await().until(() -> management("/observe/health/ready").statusCode() == 200);
        await().until(() -> visibleFiles(inbox()).isEmpty() && visibleFiles(inbox().resolve("done")).size() == 1);
    }

    /** The same for a Pub/Sub batch: nacked on every delivery, past ingest.pubsub.max-attempts, never dead-lettered. */
    @Test
    void should_nack_a_message_whose_result_finds_no_room_and_never_dead_letter_it() throws Exception {
        StringBuilder ids = new StringBuilder();
        IntStream.range(0, IDS).forEach(i -> ids.append(i == 0 ? "" : ",").append('"').append(10_000 + i).append('"'));
        try (PubSubClients pubsub = new PubSubClients(embeddedPubsub().address())) {
            pubsub.publish(pubsub.publisher(EMBEDDED_TOPIC), PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(
                    "{\"batchId\": \"message\", \"folderIds\": [" + ids + "]}")).build());
        }

        // Past the two deliveries after which a failing batch would be dead-lettered.
        await().atMost(Duration.ofMinutes(2)).until(() -> stats().delivered() >= 3);
        assertThat(stats().acked()).isZero();
        assertThat(stats().deadLettered()).isZero();
        assertThat(management("/observe/health/ready").statusCode()).isEqualTo(503);

        assertThat(run("mount", "-o", "remount,size=16m", outbox().toString())).isZero();

        await().atMost(Duration.ofMinutes(2)).until(() -> !visibleFiles(outbox()).isEmpty());
        assertThat(awaitResult("message").get("resolved").asInt()).isEqualTo(IDS);
        await().until(() -> stats().acked() == 1);
        assertThat(stats().deadLettered()).isZero();
    }

    private SubscriptionStats stats() {
        return embeddedPubsub().stats(EMBEDDED_SUBSCRIPTION);
    }

    private static List<String> hidden(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(".")).toList();
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor(1, TimeUnit.MINUTES) ? process.exitValue() : -1;
    }
}
