package io.folderresolver.flow;

import java.time.Instant;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** output.provenance: each RESOLVED entry says when and how its name was learned; off, no entry has the fields. */
class ProvenanceTest extends FileFlowTestSupport {

    @Override
    void overrideProperties(Properties properties) {
        if (!getCurrentTestName().contains("off")) {
            properties.put("output.provenance", "true");
        }
    }

    @Test
    void should_say_when_and_how_each_name_was_learned() throws Exception {
        Instant before = Instant.now();

        drop("learned.txt", "111\n999");
        JsonNode result = awaitResult("learned");

        JsonNode resolved = entry(result, "111");
        assertThat(resolved.get("via").asText()).isEqualTo("get");
        assertThat(Instant.parse(resolved.get("observedAt").asText())).isBetween(before, Instant.now());
        JsonNode refused = entry(result, "999");
        assertThat(refused.get("status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(refused.has("observedAt")).isFalse();
        assertThat(refused.has("via")).isFalse();
    }

    @Test
    void control_off_by_default_no_entry_has_the_fields() throws Exception {
        drop("plain.txt", "111");

        JsonNode resolved = entry(awaitResult("plain"), "111");

        assertThat(resolved.get("displayName").asText()).isEqualTo("Engineering");
        assertThat(resolved.has("observedAt")).isFalse();
        assertThat(resolved.has("via")).isFalse();
    }

    private static JsonNode entry(JsonNode result, String folderId) {
        for (JsonNode entry : result.get("results")) {
            if (entry.get("folderId").asText().equals(folderId)) {
                return entry;
            }
        }
        throw new AssertionError("no entry for " + folderId + " in " + result);
    }
}
