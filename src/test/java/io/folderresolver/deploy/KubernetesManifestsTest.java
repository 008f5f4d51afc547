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

import static io.folderresolver.deploy.YamlValues.list;
import static io.folderresolver.deploy.YamlValues.map;
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
        Map<String, Object> password = env(ConfigurationCheck.envName("resolver.shared.password"));

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

    @Test
    void should_meet_the_restricted_pod_security_standard() throws IOException {
        Map<String, Object> pod = map(podSpec().get("securityContext"));
        Map<String, Object> container = map(container().get("securityContext"));

        assertThat(pod).containsEntry("runAsNonRoot", true);
        assertThat(map(pod.get("seccompProfile"))).containsEntry("type", "RuntimeDefault");
        assertThat(container).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
        assertThat(list(map(container.get("capabilities")).get("drop"))).containsExactly("ALL");
        assertThat(map(container.get("capabilities"))).doesNotContainKey("add");
    }

    /** The root file system is read-only: the image's inbox and outbox, and java.io.tmpdir, need volumes. */
    @Test
    void should_write_only_to_size_limited_volumes_within_the_ephemeral_storage_limit() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> written = List.of(jibEnvironment(pom, "INGEST_FILE_DIR"), jibEnvironment(pom, "OUTPUT_FILE_DIR"),
                "/tmp");
        Map<String, Object> volumes = new java.util.HashMap<>();
        list(podSpec().get("volumes")).forEach(volume -> volumes.put((String) map(volume).get("name"), volume));
        long sizeLimits = 0;
        for (String path : written) {
            Map<String, Object> mount = list(container().get("volumeMounts")).stream().map(YamlValues::map)
                    .filter(candidate -> path.startsWith((String) candidate.get("mountPath"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no volume mounted where the service writes " + path));
            Map<String, Object> emptyDir = map(map(volumes.get(mount.get("name"))).get("emptyDir"));
            assertThat(emptyDir).as("the volume at %s", path).containsKey("sizeLimit");
            sizeLimits = Math.max(sizeLimits, bytes((String) emptyDir.get("sizeLimit")));
        }
        Map<String, Object> resources = map(container().get("resources"));
        assertThat(map(resources.get("requests"))).containsKey("ephemeral-storage");
        assertThat(bytes((String) map(resources.get("limits")).get("ephemeral-storage"))).isGreaterThan(sizeLimits);
    }

    /** Heap, direct buffers and what the JVM needs beyond them (metaspace, code cache, threads) fit the limit. */
    @Test
    void should_size_the_jvm_so_heap_direct_memory_and_the_rest_fit_the_memory_limit() throws IOException {
        String options = (String) env("JAVA_TOOL_OPTIONS").get("value");
        long limit = bytes((String) map(map(container().get("resources")).get("limits")).get("memory"));
        java.util.regex.Matcher percent = java.util.regex.Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options);
        java.util.regex.Matcher direct = java.util.regex.Pattern.compile("-XX:MaxDirectMemorySize=(\\d+[kmg])").matcher(options);
        assertThat(percent.find()).as("MaxRAMPercentage in %s", options).isTrue();
        assertThat(direct.find()).as("MaxDirectMemorySize in %s", options).isTrue();

        long heap = limit * Long.parseLong(percent.group(1)) / 100;
        long beyondHeapAndDirect = 192L << 20;
        assertThat(heap + bytes(direct.group(1)) + beyondHeapAndDirect).isLessThanOrEqualTo(limit);
    }

    @Test
    void should_admit_only_the_monitoring_namespaces_to_the_management_port() throws IOException {
        Map<String, Object> policy = document("networkpolicy.yaml", "NetworkPolicy");
        Map<String, Object> spec = map(policy.get("spec"));
        Map<String, Object> labels = map(map(map(map(document("deployment.yaml", "Deployment").get("spec"))
                .get("template")).get("metadata")).get("labels"));

        assertThat(labels).containsAllEntriesOf(map(map(spec.get("podSelector")).get("matchLabels")));
        assertThat(list(spec.get("policyTypes"))).contains("Ingress");
        assertThat(list(spec.get("ingress"))).isNotEmpty().allSatisfy(rule -> {
            assertThat(list(map(rule).get("ports"))).extracting(port -> map(port).get("port")).containsExactly("management");
            assertThat(list(map(rule).get("from"))).isNotEmpty().allSatisfy(from ->
                    assertThat(map(from).keySet()).containsExactly("namespaceSelector"));
        });
    }

    private static Map<String, Object> env(String name) throws IOException {
        return list(container().get("env")).stream().map(YamlValues::map)
                .filter(variable -> name.equals(variable.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the container's env"));
    }

    private static String jibEnvironment(String pom, String name) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(pom);
        assertThat(value.find()).as("%s in the image's environment (pom.xml)", name).isTrue();
        return value.group(1);
    }

    /** Kubernetes quantities (512Mi, 2Gi) and JVM sizes (192m). */
    private static long bytes(String size) {
        java.util.regex.Matcher parts = java.util.regex.Pattern.compile("(\\d+)([KMG]i|[kmg])?").matcher(size);
        assertThat(parts.matches()).as("a size: %s", size).isTrue();
        long number = Long.parseLong(parts.group(1));
        String unit = parts.group(2) == null ? "" : parts.group(2).substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        return switch (unit) {
            case "K" -> number << 10;
            case "M" -> number << 20;
            case "G" -> number << 30;
            default -> number;
        };
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
}
