package io.folderresolver.flow;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped default profile, as README command 1 runs it: the embedded Folders API and Pub/Sub stand-ins, the
 * sample org, and the sample batch dropped into the inbox at start-up.
 */
class DefaultProfileTest extends FileFlowTestSupport {

    @Override
    void overrideProperties(Properties properties) {
        properties.remove("folders.emulator.enabled");
        properties.remove("folders.endpoint");
        properties.remove("folders.plaintext");
        properties.remove("resolver.rate");
        properties.remove("demo.seed-sample-input");
        properties.remove("ingest.pubsub.enabled");
        properties.remove("output.pubsub.enabled");
    }

    @Test
    void should_resolve_the_shipped_sample_batch_on_the_embedded_stand_in() throws Exception {
        JsonNode result = awaitResult("sample-batch");

        assertThat(result.get("total").asInt()).isEqualTo(41);
        assertThat(result.get("statuses").get("INVALID").asInt()).isEqualTo(2);
        assertThat(result.get("statuses").get("PERMISSION_DENIED").asInt()).isEqualTo(1);
        assertThat(result.get("resolved").asInt()).isEqualTo(38);
        assertThat(standIn.counters().getFolderCalls()).isZero();
    }
}
