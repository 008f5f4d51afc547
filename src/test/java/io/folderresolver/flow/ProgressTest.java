package io.folderresolver.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch slowed down by the rate limit shows its progress while it runs, in the outbox, at /observe/batches and in
 * aggregate metrics, and leaves none behind when it ends; no metric takes a label from a batch.
 */
class ProgressTest extends FileFlowTestSupport {

    @Override
    void overrideProperties(Properties properties) {
        properties.put("resolver.rate", "10");
        properties.put("output.progress-interval", "100ms");
    }

    @Test
    void should_show_how_far_a_running_batch_got_and_clean_up_when_it_ends() throws Exception {
        String ids = IntStream.range(0, 40).mapToObj(i -> Integer.toString(5000 + i)).collect(Collectors.joining("\n"));
        drop("slow.txt", ids);
        Path progressDir = outbox().resolve(".progress");

        await().until(() -> progressDocument(progressDir) != null && progressDocument(progressDir).get("done").asInt() > 0);
        JsonNode progress = progressDocument(progressDir);
        assertThat(progress.get("batchId").asText()).isEqualTo("slow");
        assertThat(progress.get("total").asInt()).isEqualTo(40);
        assertThat(progress.get("done").asInt()).isBetween(1, 40);
        assertThat(progress.get("perSecond").asDouble()).isPositive();
        JsonNode view = JSON.readTree(management("/observe/batches").body()).get("batches");
        assertThat(view).hasSize(1);
        assertThat(view.get(0).get("batchId").asText()).isEqualTo("slow");
        assertThat(view.get(0).get("source").asText()).isEqualTo("file:slow.txt");
        assertThat(view.get(0).get("total").asInt()).isEqualTo(40);
        assertThat(view.get(0).get("stalled").asBoolean()).isFalse();
        assertThat(metrics()).containsEntry("folder_resolver_batches_running", 1.0)
                .hasEntrySatisfying("folder_resolver_batch_entries_remaining", left -> assertThat(left).isBetween(1.0, 39.0))
                .noneSatisfy((series, value) -> assertThat(series).contains("batch=\""));

        JsonNode result = awaitResult("slow");

        assertThat(result.get("total").asInt()).isEqualTo(40);
        await().until(() -> progressDocument(progressDir) == null);
        assertThat(metrics()).containsEntry("folder_resolver_batches_running", 0.0);
        assertThat(JSON.readTree(management("/observe/batches").body()).get("batches")).isEmpty();
    }

    /** Labels never come from input: a thousand batches make no more series than one. */
    @Test
    void should_export_the_same_series_after_a_thousand_batches_as_after_one() throws Exception {
        drop("first.txt", "111");
        awaitResult("first");
        java.util.Set<String> afterOne = metrics().keySet();

        for (int i = 0; i < 1000; i++) {
            drop("batch-" + i + ".txt", "111\n222");
        }
        await().atMost(java.time.Duration.ofMinutes(3)).until(() -> visibleFiles(outbox()).size() == 1001);

        assertThat(metrics().keySet()).containsExactlyInAnyOrderElementsOf(afterOne);
    }

    /** The batch's progress document, or null if there is none (hidden temporaries are not documents). */
    private static JsonNode progressDocument(Path progressDir) throws Exception {
        if (!Files.isDirectory(progressDir)) {
            return null;
        }
        try (var files = Files.list(progressDir)) {
            Path document = files.filter(file -> !file.getFileName().toString().startsWith(".")).findFirst().orElse(null);
            return document == null ? null : JSON.readTree(Files.readAllBytes(document));
        } catch (java.nio.file.NoSuchFileException endedMeanwhile) {
            return null;
        }
    }
}
