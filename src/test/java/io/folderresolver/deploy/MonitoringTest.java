package io.folderresolver.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static io.folderresolver.deploy.YamlValues.list;
import static io.folderresolver.deploy.YamlValues.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring agrees with itself and with the service: the rules pass promtool's check and unit tests (a series
 * that fires each alert, one that does not), the Kubernetes wrappers hold the same rules, every alert links a runbook
 * that exists, and the scrape configs name the service's metrics path and management port.
 */
class MonitoringTest {

    private static final Path MONITORING = Path.of("deploy", "monitoring");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void should_pass_promtool_check_and_unit_tests_of_every_alert() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL),
                "promtool is not installed (Debian's prometheus package; .ci/run installs it)");

        assertThat(promtool("check", "rules", "alerts.yaml")).contains("SUCCESS: 11 rules found");
        assertThat(promtool("test", "rules", "alerts-test.yaml")).contains("SUCCESS");
    }

    @Test
    void should_hold_the_same_rules_in_the_kubernetes_wrappers() throws IOException {
        Object groups = yaml("alerts.yaml").get("groups");

        assertThat(map(yaml("alerts-prometheusrule.yaml").get("spec")).get("groups")).isEqualTo(groups);
        assertThat(map(yaml("alerts-gmp.yaml").get("spec")).get("groups")).isEqualTo(groups);
    }

    @Test
    void should_link_every_alert_to_a_runbook_that_exists() throws IOException {
        String runbooks = Files.readString(Path.of("docs", "runbooks.md"));
        List<String> alerts = new ArrayList<>();
        for (Object rule : list(map(list(yaml("alerts.yaml").get("groups")).get(0)).get("rules"))) {
            String alert = (String) map(rule).get("alert");
            alerts.add(alert);
            assertThat(map(map(rule).get("annotations")).get("runbook_url"))
                    .isEqualTo("docs/runbooks.md#" + alert.toLowerCase(java.util.Locale.ROOT));
            assertThat(runbooks).contains("\n## " + alert + "\n");
        }
        assertThat(alerts).hasSize(11);
    }

    @Test
    void should_scrape_the_metrics_path_on_the_management_port() throws IOException {
        Map<String, Object> podMonitoring = yaml("podmonitoring.yaml");
        Map<String, Object> endpoint = map(list(map(podMonitoring.get("spec")).get("endpoints")).get(0));

        assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/observe/metrics");
        String serviceMonitors = Files.readString(MONITORING.resolve("servicemonitor.yaml"));
        assertThat(serviceMonitors).contains("path: /observe/metrics").contains("targetPort: management");
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(MONITORING.resolve(file))));
    }
}
