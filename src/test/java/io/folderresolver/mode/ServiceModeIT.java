package io.folderresolver.mode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.folderresolver.testing.Http;
import io.folderresolver.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one switch between local and Google Cloud, on the packaged jar as an operator starts it: environment
 * variables only, a working directory without config/ (the jar's own copy). Google Cloud mode is started without
 * reaching Google: its credentials are a key made up for the test, and nothing calls the API.
 */
class ServiceModeIT {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path work;
    private ServiceProcess service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    private static final String MADE_UP_REDIS_PASSWORD = "made-up-redis-auth-2f9c";

    @Test
    void should_run_offline_by_default_and_say_names_come_from_the_sample_org() throws Exception {
        service = ServiceProcess.start(work, Map.of("CAMEL_MANAGEMENT_PORT", "0"), work.resolve("service.log"));

        await().atMost(START).until(() -> service.logText().contains("Mode local | Folders API 127.0.0.1:"));
        assertThat(service.logText())
                .contains("(embedded stand-in: names come from the sample org config/sample-org.csv, NOT from Google Cloud)")
                .contains("Pub/Sub embedded stand-in at 127.0.0.1:");
        // And it resolves from the sample org: a batch dropped into the default inbox gets its result.
        Files.createDirectories(work.resolve("work/inbox"));
        Files.writeString(work.resolve("ids.tmp"), "226533748029\n");
        Files.move(work.resolve("ids.tmp"), work.resolve("work/inbox/ids.txt"));
        await().atMost(START).until(() -> !resultOf("ids").isEmpty());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(resultOf("ids"))
                .get("names").get("folder_0_name").asText()).isEqualTo("Engineering");
        // CAMEL_MANAGEMENT_PORT=0 took effect: the probes answer on a free port, not the configured 9876.
        Matcher started = Pattern.compile("HttpServer started on 127\\.0\\.0\\.1:(\\d+)").matcher(service.logText());
        assertThat(started.find()).isTrue();
        int port = Integer.parseInt(started.group(1));
        assertThat(port).isNotEqualTo(9876);
        HttpResponse<String> live = Http.get("http://127.0.0.1:" + port + "/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
    }

    private String resultOf(String batchId) throws java.io.IOException {
        Path outbox = work.resolve("work/outbox");
        if (!Files.isDirectory(outbox)) {
            return "";
        }
        try (var files = Files.list(outbox)) {
            Path result = files.filter(file -> file.getFileName().toString().startsWith(batchId + "-")).findFirst().orElse(null);
            return result == null ? "" : Files.readString(result);
        }
    }

    @Test
    void should_start_in_gcp_mode_on_the_real_endpoints_with_nothing_local() throws Exception {
        Map<String, String> env = gcpWithoutPubsub();

        service = ServiceProcess.start(work, env, work.resolve("service.log"));

        await().atMost(START).until(() -> service.logText().contains("Mode gcp |"));
        assertThat(service.logText())
                .contains("Mode gcp | Folders API cloudresourcemanager.googleapis.com:443 (TLS, Application Default "
                        + "Credentials: service account folder-resolver@acme-prod.iam.gserviceaccount.com, quota project "
                        + "acme-prod (the service account's project)) | Pub/Sub off")
                .doesNotContain("stand-in serving")
                .doesNotContain("sample batch")
                // gcp mode logs JSON unless LOGGING_FORMAT says otherwise.
                .contains("\"severity\":\"INFO\"");
        assertThat(service.isAlive()).isTrue();
    }

    @Test
    void should_count_the_folders_api_against_the_quota_project_it_is_given_and_say_so() throws Exception {
        Map<String, String> env = gcpWithoutPubsub();
        env.put("GCP_QUOTA_PROJECT", "acme-ops");

        service = ServiceProcess.start(work, env, work.resolve("service.log"));

        await().atMost(START).until(() -> service.logText().contains("Mode gcp |"));
        assertThat(service.logText()).contains("service account folder-resolver@acme-prod.iam.gserviceaccount.com, "
                + "quota project acme-ops (gcp.quota-project))");
    }

    @Test
    void should_refuse_gcp_mode_without_a_project_naming_the_key() throws Exception {
        service = ServiceProcess.start(work, gcp(), work.resolve("service.log"));

        assertExitedWithAnError();
        assertThat(service.logText()).contains("gcp.project (GCP_PROJECT) is required in gcp mode")
                .doesNotContain("stand-in serving");
    }

    @Test
    void should_refuse_every_local_or_contradictory_setting_in_gcp_mode_naming_each() throws Exception {
        Map<String, String> env = gcp();
        env.put("GCP_PROJECT", "acme-prod");
        env.put("PUBSUB_EMULATOR_HOST", "127.0.0.1:8085");
        env.put("FOLDERS_EMULATOR_ENABLED", "true");
        env.put("FOLDERS_PLAINTEXT", "true");
        env.put("DEMO_SEED_SAMPLE_INPUT", "true");
        env.put("RESOLVER_RATE", "0");

        service = ServiceProcess.start(work, env, work.resolve("service.log"));

        assertExitedWithAnError();
        assertThat(service.logText())
                .contains("pubsub.emulator.host (PUBSUB_EMULATOR_HOST) is set to '127.0.0.1:8085'")
                .contains("folders.emulator.enabled (FOLDERS_EMULATOR_ENABLED)=true is local-only")
                .contains("folders.plaintext (FOLDERS_PLAINTEXT)=true is local-only")
                .contains("demo.seed-sample-input (DEMO_SEED_SAMPLE_INPUT)=true is local-only")
                .contains("resolver.rate (RESOLVER_RATE) must be at least 1")
                .doesNotContain("stand-in serving");
    }

    @Test
    void should_never_log_the_redis_password_and_keep_resolving_while_redis_is_unreachable() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("RESOLVER_SHARED_REDIS_URI", "redis://127.0.0.1:" + closedPort());
        env.put("RESOLVER_SHARED_PASSWORD", MADE_UP_REDIS_PASSWORD);
        service = ServiceProcess.start(work, env, work.resolve("service.log"));

        await().atMost(START).until(() -> service.logText().contains("through Redis at 127.0.0.1:"));
        Files.createDirectories(work.resolve("work/inbox"));
        Files.writeString(work.resolve("ids.tmp"), "226533748029\n");
        Files.move(work.resolve("ids.tmp"), work.resolve("work/inbox/ids.txt"));
        await().atMost(START).until(() -> !resultOf("ids").isEmpty());

        assertThat(service.logText()).contains("Redis at 127.0.0.1:").contains("is unreachable")
                .contains("resolver.shared.password").doesNotContain(MADE_UP_REDIS_PASSWORD);
    }

    @Test
    void should_refuse_a_redis_uri_that_carries_a_password_without_logging_it() throws Exception {
        service = ServiceProcess.start(work, Map.of("CAMEL_MANAGEMENT_PORT", "0", "RESOLVER_SHARED_REDIS_URI",
                "redis://:" + MADE_UP_REDIS_PASSWORD + "@127.0.0.1:" + closedPort()), work.resolve("service.log"));

        assertExitedWithAnError();
        assertThat(service.logText())
                .contains("resolver.shared.redis-uri (RESOLVER_SHARED_REDIS_URI) must not carry a password")
                .doesNotContain(MADE_UP_REDIS_PASSWORD);
    }

    /** A port of 127.0.0.1 nothing listens on: a Redis that is down. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void should_refuse_a_mode_it_does_not_know() throws Exception {
        service = ServiceProcess.start(work, Map.of("CAMEL_MAIN_PROFILE", "prod", "CAMEL_MANAGEMENT_PORT", "0"),
                work.resolve("service.log"));

        assertExitedWithAnError();
        assertThat(service.logText()).contains("camel.main.profile (CAMEL_MAIN_PROFILE) must be local or gcp, was 'prod'");
    }

    private void assertExitedWithAnError() throws InterruptedException {
        java.util.OptionalInt exit = service.awaitExit(START);
        assertThat(exit).as("exited by itself").isPresent();
        assertThat(exit.getAsInt()).as("exit code").isNotZero();
    }

    /** gcp mode with Application Default Credentials from a service-account key made up here, never sent anywhere. */
    private Map<String, String> gcp() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CAMEL_MAIN_PROFILE", "gcp");
        env.put("GOOGLE_APPLICATION_CREDENTIALS", madeUpServiceAccountKey().toString());
        // No probe of a GCE metadata server: the test reaches nothing but loopback.
        env.put("NO_GCE_CHECK", "true");
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("INGEST_FILE_DIR", work.resolve("inbox").toString());
        env.put("OUTPUT_FILE_DIR", work.resolve("outbox").toString());
        return env;
    }

    /** gcp mode in project acme-prod, Pub/Sub off: the Folders API alone, nothing called at start. */
    private Map<String, String> gcpWithoutPubsub() throws Exception {
        Map<String, String> env = gcp();
        env.put("GCP_PROJECT", "acme-prod");
        env.put("INGEST_PUBSUB_ENABLED", "false");
        env.put("OUTPUT_PUBSUB_ENABLED", "false");
        return env;
    }

    private Path madeUpServiceAccountKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        Path key = work.resolve("made-up-key.json");
        Files.writeString(key, """
                {"type": "service_account", "project_id": "acme-prod", "private_key_id": "0",
                 "private_key": "%s",
                 "client_email": "folder-resolver@acme-prod.iam.gserviceaccount.com", "client_id": "0",
                 "token_uri": "https://oauth2.googleapis.com/token"}
                """.formatted(pem));
        return key;
    }
}
