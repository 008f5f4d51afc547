package io.folderresolver.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.FolderResolverConfiguration;
import io.folderresolver.ServiceMode;
import io.folderresolver.local.LocalStandIns;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the real service as its main method does in local mode (its configuration classes, config/ and routes/*.camel.yaml) against a
 * Folders API stand-in of the test's own, reached like any external Folders API: emulator off, endpoint and
 * plaintext set. Each test gets its own inbox, outbox and stand-in.
 */
abstract class FileFlowTestSupport extends CamelMainTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    FoldersStandIn standIn;

    /** The folders the stand-in knows. */
    FolderTree tree() {
        return new FolderTree()
                .add("111", "organizations/1", "Engineering")
                .add("222", "folders/111", "Platform")
                .add("333", "folders/111", "Data")
                .add("444", "organizations/1", "Finance");
    }

    StandInBehaviour behaviour() {
        return StandInBehaviour.immediate();
    }

    Path inbox() {
        return work.resolve("inbox");
    }

    Path outbox() {
        return work.resolve("outbox");
    }

    /** Filled in per test before the context is made; the test base takes it in its constructor. */
    private Properties overrides;

    /** Properties a test class sets on top of the shipped config and the ones every test needs. */
    void overrideProperties(Properties properties) {
    }

    @Override
    protected void doPreSetup() throws Exception {
        standIn = FoldersStandIn.start(tree(), behaviour(), 0);
        overrides.put("folders.emulator.enabled", "false");
        overrides.put("folders.endpoint", standIn.address());
        overrides.put("folders.plaintext", "true");
        overrides.put("resolver.rate", "1000");
        overrides.put("resolver.retry-deadline", "5s");
        overrides.put("demo.seed-sample-input", "false");
        overrides.put("ingest.file.dir", inbox().toString());
        overrides.put("ingest.file.poll-delay", "50");
        // Tests drop files whole (written under .tmp, then renamed), so they need not settle.
        overrides.put("ingest.file.settle-time", "0s");
        overrides.put("output.file.dir", outbox().toString());
        overrides.put("ingest.pubsub.enabled", "false");
        overrides.put("output.pubsub.enabled", "false");
        overrides.put("ingest.asset-feed.subscription", "");
        // The sample org's scope would reach for a Cloud Asset Inventory stand-in these tests do not start.
        overrides.put("resolver.asset.scope", "");
        // Health endpoints on a free port, so a service running on this machine is no obstacle.
        overrides.put("camel.management.port", "0");
        overrideProperties(overrides);
    }

    @Override
    protected void doPostTearDown() {
        if (standIn != null) {
            standIn.close();
        }
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return ServiceMode.LOCAL.propertyLocations();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        // As the main method wires local mode: the stand-ins first (off unless a test turns them on), then the service.
        configuration.addConfiguration(LocalStandIns.class);
        configuration.addConfiguration(FolderResolverConfiguration.class);
        configuration.setRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        overrides = new Properties();
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    /** Project, topic and subscription of the service's own embedded Pub/Sub stand-in, when a test turns it on. */
    static final String EMBEDDED_PROJECT = "embedded-test";
    static final String EMBEDDED_TOPIC = "projects/" + EMBEDDED_PROJECT + "/topics/batches";
    static final String EMBEDDED_SUBSCRIPTION = "projects/" + EMBEDDED_PROJECT + "/subscriptions/batches-resolver";

    /** Batches from the service's own embedded Pub/Sub stand-in, which it starts (local mode) and sets up. */
    static void consumeFromEmbeddedPubsub(Properties properties) {
        properties.put("pubsub.emulator.enabled", "true");
        properties.put("pubsub.emulator.host", "");
        properties.put("gcp.project", EMBEDDED_PROJECT);
        properties.put("ingest.pubsub.enabled", "true");
        properties.put("ingest.pubsub.topic", "batches");
        properties.put("ingest.pubsub.subscription", "batches-resolver");
    }

    io.folderresolver.local.pubsub.PubSubStandIn embeddedPubsub() {
        return context.getRegistry().lookupByNameAndType("pubsubStandIn", io.folderresolver.local.pubsub.PubSubStandIn.class);
    }

    /** A GET on Camel's management server (health endpoints), as a kubelet's probe makes it. */
    java.net.http.HttpResponse<String> management(String path) throws Exception {
        return io.folderresolver.testing.Http.get(managementUrl(path));
    }

    String managementUrl(String path) {
        int port = context.hasService(org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer.class).getPort();
        return "http://127.0.0.1:" + port + path;
    }

    private static final java.util.regex.Pattern SAMPLE =
            java.util.regex.Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");

    /** /observe/metrics as Prometheus reads it: sample (name and labels) to value; comments skipped. */
    java.util.Map<String, Double> metrics() throws Exception {
        java.net.http.HttpResponse<String> response = management("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        java.util.Map<String, Double> samples = new java.util.HashMap<>();
        for (String line : response.body().split("\n")) {
            java.util.regex.Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        }
        return samples;
    }

    /** How much a sample moved between two scrapes; a sample not there yet counts as 0. */
    static double delta(java.util.Map<String, Double> before, java.util.Map<String, Double> after, String sample) {
        return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
    }

    /** Drops a batch the way a careful producer does: written under a hidden name, then renamed. */
    Path drop(String fileName, String content) throws IOException {
        return drop(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    Path drop(String fileName, byte[] content) throws IOException {
        Files.createDirectories(inbox());
        Path partial = inbox().resolve(".dropping-" + java.util.UUID.randomUUID());
        Files.write(partial, content);
        return Files.move(partial, inbox().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Resolves one ID through the file route: a fresh service sends its first call alone (it connects the channel),
     * so a test about calls in parallel starts after it.
     */
    void warmUp() throws IOException {
        drop("warm-up.txt", "444");
        awaitResult("warm-up");
    }

    /** Visible (not dot-named) files in a folder. */
    static List<Path> visibleFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    /** Waits for the n-th result document in the outbox and reads it. */
    JsonNode awaitResult(int count) throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> visibleFiles(outbox()).size() >= count);
        return JSON.readTree(visibleFiles(outbox()).get(count - 1).toFile());
    }

    /** The result document whose batchId is given. */
    JsonNode awaitResult(String batchId) throws IOException {
        Path file = await().atMost(Duration.ofSeconds(20)).until(() -> visibleFiles(outbox()).stream()
                .filter(candidate -> candidate.getFileName().toString().startsWith(batchId + "-"))
                .findFirst(), Optional::isPresent).orElseThrow();
        return JSON.readTree(file.toFile());
    }
}
