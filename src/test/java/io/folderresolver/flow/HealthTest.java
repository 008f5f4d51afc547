package io.folderresolver.flow;

import java.net.http.HttpResponse;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's health endpoints on the management server, over HTTP as a kubelet probes them: live and ready, not ready
 * while the Folders API is down (with the reason), ready again by itself once it is back.
 */
class HealthTest extends FileFlowTestSupport {

    @Override
    void overrideProperties(Properties properties) {
        properties.put("resolver.outage-probe-interval", "200ms");
    }

    @Test
    void should_be_ready_not_ready_during_a_folders_api_outage_and_ready_again_after_it() throws Exception {
        assertThat(management("/observe/health/live").statusCode()).isEqualTo(200);
        await().until(() -> management("/observe/health/ready").statusCode() == 200);

        standIn.unavailable(true);
        drop("during-outage.txt", "111\n222\n333\n");

        await().until(() -> management("/observe/health/ready").statusCode() == 503);
        HttpResponse<String> ready = management("/observe/health/ready");
        assertThat(ready.body()).contains("folders-api").contains("unreachable since");
        assertThat(management("/observe/health/live").statusCode()).isEqualTo(200);

        standIn.unavailable(false);

        await().until(() -> management("/observe/health/ready").statusCode() == 200);
        JsonNode result = awaitResult("during-outage");
        assertThat(result.get("resolved").asInt()).isEqualTo(3);
    }
}
