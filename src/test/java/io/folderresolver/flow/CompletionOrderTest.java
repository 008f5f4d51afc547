package io.folderresolver.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Results are written in the order their lookups complete, each keeping its input index. */
class CompletionOrderTest extends FileFlowTestSupport {

    @Test
    void should_write_results_in_completion_order() throws Exception {
        warmUp();
        standIn.delay("111", Duration.ofMillis(1500));
        standIn.delay("222", Duration.ofMillis(800));
        standIn.delay("333", Duration.ofMillis(200));
        drop("slow-first.json", "[\"111\", \"222\", \"333\", \"not-an-id\"]");

        JsonNode result = awaitResult("slow-first");

        List<String> order = new ArrayList<>();
        result.get("results").forEach(entry -> order.add(entry.get("index").asInt() + ":" + entry.get("folderId").asText()));
        assertThat(order).containsExactly("3:not-an-id", "2:333", "1:222", "0:111");
    }
}
