package io.folderresolver.mode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * LOGGING_FORMAT=json on the packaged jar: every line it writes is one JSON object with Cloud Logging's severity
 * (WARNING for a rejected file) and message, and the lines of a batch carry its batchId, also those logged from the
 * split's threads.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private FoldersStandIn standIn;
    private ServiceProcess service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    void should_write_one_json_object_per_line_with_the_batch_id_on_the_lines_of_a_batch() throws Exception {
        standIn = FoldersStandIn.start(new FolderTree().add("111", "organizations/1", "Engineering"),
                StandInBehaviour.immediate(), 0);
        Map<String, String> env = ServiceProcess.fileOnlyEnvironment(standIn.address(), 100, work.resolve("inbox"),
                work.resolve("outbox"));
        env.put("LOGGING_FORMAT", "json");
        Files.createDirectories(work.resolve("inbox"));
        service = ServiceProcess.start(work, env, work.resolve("service.log"));
        await().atMost(Duration.ofMinutes(1)).until(() -> service.logText().contains("Mode local"));

        Files.writeString(work.resolve("ids.tmp"), "111\n404\n");
        Files.move(work.resolve("ids.tmp"), work.resolve("inbox/logged.txt"));
        Files.writeString(work.resolve("broken.tmp"), "{\"folderIds\": [");
        Files.move(work.resolve("broken.tmp"), work.resolve("inbox/broken.json"));
        // The rejection's own words: Camel's start-up summary also says "rejectedPolicy".
        await().atMost(Duration.ofMinutes(1)).until(() -> service.logText().contains("result written")
                && service.logText().contains("broken.json rejected"));
        service.terminate();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(service.log)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("severity").asText()).isIn("DEBUG", "INFO", "WARNING", "ERROR");
            assertThat(line.has("message")).isTrue();
        });
        // Cloud Logging's name for a warning, not logback's.
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("message").asText()).contains("broken.json rejected");
            assertThat(line.path("severity").asText()).isEqualTo("WARNING");
        });
        List<JsonNode> batchLines = lines.stream()
                .filter(line -> line.path("message").asText().startsWith("Batch logged")).toList();
        assertThat(batchLines).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(line -> assertThat(line.path("batchId").asText()).isEqualTo("logged"));
        assertThat(batchLines).anySatisfy(line -> assertThat(line.path("thread_name").asText()).contains("Split"));
    }
}
