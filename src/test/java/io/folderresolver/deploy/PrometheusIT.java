package io.folderresolver.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.folderresolver.testing.Http;
import io.folderresolver.testing.RedisServerProcess;
import io.folderresolver.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert rules and the dashboard against a real Prometheus (Debian's package) scraping the packaged service on
 * 127.0.0.1, after a file batch and a Pub/Sub batch, with Redis: every expression parses and names only series the
 * service exports. Skipped, with the reason, where Prometheus is not installed (.ci/run installs it).
 */
class PrometheusIT {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path MONITORING = Path.of("deploy", "monitoring");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("\\b((?:folder_resolver|cache|jvm)_[a-z_]+)\\b");
    private static final Pattern EMBEDDED_PUBSUB = Pattern.compile("Pub/Sub embedded stand-in at (127\\.0\\.0\\.1:\\d+)");
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    Path work;
    private RedisServerProcess redis;
    private ServiceProcess service;
    private Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroyForcibly().waitFor();
        }
        if (service != null) {
            service.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void should_evaluate_every_alert_and_dashboard_expression_on_series_the_service_exports() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
                "Prometheus is not installed (Debian's prometheus package; .ci/run installs it)");
        redis = RedisServerProcess.start();
        int management = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("CAMEL_MANAGEMENT_PORT", Integer.toString(management));
        env.put("INGEST_FILE_DIR", work.resolve("inbox").toString());
        env.put("OUTPUT_FILE_DIR", work.resolve("outbox").toString());
        env.put("INGEST_FILE_SETTLE_TIME", "0s");
        env.put("RESOLVER_SHARED_REDIS_URI", redis.uri());
        service = ServiceProcess.start(work, env, work.resolve("service.log"));
        await().atMost(PATIENCE).until(() -> EMBEDDED_PUBSUB.matcher(service.logText()).find());
        Matcher pubsubAt = EMBEDDED_PUBSUB.matcher(service.logText());
        assertThat(pubsubAt.find()).isTrue();

        // A file batch and a Pub/Sub batch of the sample org, so the batch, call, cache and Pub/Sub series exist.
        Files.createDirectories(work.resolve("inbox"));
        Files.writeString(work.resolve("inbox").resolve("sample.txt"), "226533748029\n958500764904\nnot-an-id\n");
        try (PubSubClients pubsub = new PubSubClients(pubsubAt.group(1))) {
            pubsub.publish(pubsub.publisher("projects/folder-resolver-local/topics/folder-batches"),
                    PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("[\"800141156503\"]")).build());
        }

        int prometheusPort = freePort();
        Path config = Files.writeString(work.resolve("prometheus.yml"), String.join("\n",
                "global:", "  scrape_interval: 1s", "scrape_configs:", "  - job_name: folder-resolver",
                "    metrics_path: /observe/metrics", "    static_configs:",
                "      - targets: ['127.0.0.1:" + management + "']", ""));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
        // Both batches ended and scraped a few times, so rates over them have samples to work on.
        await().atMost(PATIENCE).ignoreExceptions().until(() ->
                !query(api, "count_over_time(folder_resolver_pubsub_messages_total[1m]) >= 3").isEmpty()
                        && !query(api, "count_over_time(folder_resolver_batches_total{source=\"file\"}[1m]) >= 3").isEmpty()
                        && !query(api, "folder_resolver_shared_redis_up").isEmpty());

        Set<String> exported = new HashSet<>();
        get(api + "label/__name__/values").get("data").forEach(name -> exported.add(name.asText()));
        for (String expression : expressions()) {
            JsonNode answer = get(api + "query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
            assertThat(answer.get("status").asText()).as("%s: %s", expression, answer).isEqualTo("success");
            Matcher names = METRIC.matcher(expression);
            while (names.find()) {
                assertThat(exported).as("a series named in %s", expression).contains(names.group(1));
            }
            System.out.println(expression.replaceAll("\\s+", " ") + " = " + answer.get("data").get("result"));
        }
    }

    /** Every expression of the alert rules and of the dashboard's panels. */
    private static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        Object rules = new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(MONITORING.resolve("alerts.yaml")));
        for (Object group : (List<?>) ((Map<?, ?>) rules).get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                expressions.add(((String) ((Map<?, ?>) rule).get("expr")).strip());
            }
        }
        for (JsonNode panel : JSON.readTree(MONITORING.resolve("grafana-dashboard.json").toFile()).get("panels")) {
            panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
        }
        assertThat(expressions).hasSizeGreaterThan(20);
        return expressions;
    }

    private JsonNode query(String api, String expression) throws Exception {
        return get(api + "query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)).get("data").get("result");
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = Http.get(url);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
