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
 * A batch slowed down by the rate limit shows its progress while it runs, in the outbox and as metrics, and leaves
 * none behind when it ends.
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
        assertThat(metrics()).containsEntry("folder_resolver_batch_size{batch=\"slow\"}", 40.0);

        JsonNode result = awaitResult("slow");

        assertThat(result.get("total").asInt()).isEqualTo(40);
        await().until(() -> progressDocument(progressDir) == null);
        assertThat(metrics()).doesNotContainKey("folder_resolver_batch_size{batch=\"slow\"}");
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
