package io.folderresolver.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.folderresolver.ConfigurationCheck;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in deploy/kubernetes agree with the service: probes on the health paths and the management port it
 * serves, every environment variable an existing key, a grace period longer than the shutdown timeout.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("deploy", "kubernetes");

    @Test
    void should_probe_the_health_endpoints_on_the_management_port_the_service_serves() throws IOException {
        Map<String, Object> container = container();
        Map<String, Object> liveness = map(container.get("livenessProbe"));
        Map<String, Object> readiness = map(container.get("readinessProbe"));

        assertThat(map(liveness.get("httpGet")).get("path")).isEqualTo("/observe/health/live");
        assertThat(map(readiness.get("httpGet")).get("path")).isEqualTo("/observe/health/ready");
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertThat(map(liveness.get("httpGet")).get("port")).isEqualTo(port.get("name"));
        assertThat(map(readiness.get("httpGet")).get("port")).isEqualTo(port.get("name"));
        assertThat(port.get("containerPort").toString()).isEqualTo(config().getProperty("camel.management.port"));
    }

    @Test
    void should_set_only_environment_variables_that_name_a_key_of_the_service() throws IOException {
        Set<String> known = config().stringPropertyNames().stream().map(ConfigurationCheck::envName)
                .collect(Collectors.toSet());
        Map<String, Object> data = map(document("configmap.yaml", "ConfigMap").get("data"));

        assertThat(data.keySet()).isNotEmpty().allSatisfy(name -> assertThat(known).contains(name));
        assertThat(data).containsEntry("CAMEL_MAIN_PROFILE", "gcp");
    }

    @Test
    void should_run_as_many_replicas_as_share_the_quota_with_redis_from_a_secret() throws IOException {
        Map<String, Object> data = map(document("configmap.yaml", "ConfigMap").get("data"));
        Map<String, Object> deployment = document("deployment.yaml", "Deployment");
        Map<String, Object> password = map(list(container().get("env")).get(0));

        assertThat(map(deployment.get("spec")).get("replicas").toString()).isEqualTo(data.get("RESOLVER_SHARED_REPLICAS"));
        assertThat(data).containsKey(ConfigurationCheck.envName("resolver.shared.redis-uri"));
        assertThat(password.get("name")).isEqualTo(ConfigurationCheck.envName("resolver.shared.password"));
        assertThat(map(password.get("valueFrom"))).containsKey("secretKeyRef");
    }

    @Test
    void should_give_pods_longer_to_stop_than_camel_waits_for_in_flight_batches() throws IOException {
        Map<String, Object> podSpec = podSpec();
        int grace = (Integer) podSpec.get("terminationGracePeriodSeconds");

        assertThat(grace).isGreaterThan(Integer.parseInt(config().getProperty("camel.main.shutdown-timeout")));
        assertThat(podSpec.get("serviceAccountName")).isEqualTo(map(document("serviceaccount.yaml", "ServiceAccount")
                .get("metadata")).get("name"));
    }

    private static Map<String, Object> container() throws IOException {
        return map(list(podSpec().get("containers")).get(0));
    }

    private static Map<String, Object> podSpec() throws IOException {
        Map<String, Object> deployment = document("deployment.yaml", "Deployment");
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }

    /** The document of that kind in that file; every file must parse. */
    private static Map<String, Object> document(String file, String kind) throws IOException {
        for (Object document : new Load(LoadSettings.builder().build())
                .loadAllFromString(Files.readString(MANIFESTS.resolve(file)))) {
            if (kind.equals(map(document).get("kind"))) {
                return map(document);
            }
        }
        throw new AssertionError("no " + kind + " in " + file);
    }

    /** Every key the service knows, whatever the mode. */
    private static Properties config() throws IOException {
        Properties properties = new Properties();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> config = Files.list(Path.of("config"))) {
            config.filter(file -> file.getFileName().toString().matches("application.*\\.properties")).forEach(files::add);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                Properties one = new Properties();
                one.load(in);
                one.forEach(properties::putIfAbsent);
            }
        }
        // The base file wins for values.
        try (InputStream in = Files.newInputStream(Path.of("config", "application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
