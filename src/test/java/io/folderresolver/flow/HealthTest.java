package io.folderresolver.flow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's health endpoints on the management server, over HTTP as a kubelet probes them: live and ready, not ready
 * while the Folders API is down (with the reason), ready again by itself once it is back.
 */
class HealthTest extends FileFlowTestSupport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    void overrideProperties(Properties properties) {
        properties.put("resolver.outage-probe-interval", "200ms");
    }

    @Test
    void should_be_ready_not_ready_during_a_folders_api_outage_and_ready_again_after_it() throws Exception {
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/observe/health/ready").statusCode()).isEqualTo(200);

        standIn.unavailable(true);
        drop("during-outage.txt", "111\n222\n333\n");

        await().until(() -> get("/observe/health/ready").statusCode() == 503);
        HttpResponse<String> ready = get("/observe/health/ready");
        assertThat(ready.body()).contains("folders-api").contains("unreachable since");
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);

        standIn.unavailable(false);

        await().until(() -> get("/observe/health/ready").statusCode() == 200);
        JsonNode result = awaitResult("during-outage");
        assertThat(result.get("resolved").asInt()).isEqualTo(3);
    }

    private HttpResponse<String> get(String path) throws Exception {
        int port = context.hasService(VertxPlatformHttpServer.class).getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
