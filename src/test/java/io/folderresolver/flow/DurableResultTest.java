package io.folderresolver.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a power loss the disk may show a result's name with only part of its content. When its input comes again (it
 * was not archived, or is put back), the route does not take that result for done: it resolves the batch again and
 * the result is whole.
 */
class DurableResultTest extends FileFlowTestSupport {

    @Test
    void should_resolve_again_a_batch_whose_visible_result_was_cut_short() throws Exception {
        drop("durable.txt", "111\n222\n");
        JsonNode first = awaitResult("durable");
        assertThat(first.get("resolved").asInt()).isEqualTo(2);
        Path result = visibleFiles(outbox()).get(0);
        await().until(() -> visibleFiles(inbox().resolve("done")).size() == 1);
        // What a power loss can leave: the name visible, half the content. The input back in the inbox, as before
        // it was archived (same name, size and modification time: the same result name).
        byte[] whole = Files.readAllBytes(result);
        Files.write(result, Arrays.copyOf(whole, whole.length / 2));
        Files.move(visibleFiles(inbox().resolve("done")).get(0), inbox().resolve("durable.txt"));

        // Until then the file is the truncated one (it does not parse) or briefly absent.
        await().ignoreExceptions().until(() -> visibleFiles(inbox()).isEmpty()
                && JSON.readTree(result.toFile()).get("resolved").asInt() == 2);

        List<Path> results = visibleFiles(outbox());
        assertThat(results).containsExactly(result);
        JsonNode again = JSON.readTree(result.toFile());
        assertThat(again.get("resolved").asInt()).isEqualTo(2);
        assertThat(again.get("names")).hasSize(2);
    }
}
