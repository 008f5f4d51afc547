package io.folderresolver.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Batches dropped in the inbox, through the shipped routes, to result documents in the outbox. */
class FileFlowTest extends FileFlowTestSupport {

    private static List<String> statuses(JsonNode result) {
        List<String> statuses = new ArrayList<>();
        result.get("results").forEach(entry -> statuses.add(entry.get("index").asInt() + ":" + entry.get("status").asText()));
        return statuses;
    }

    @Test
    void should_turn_a_json_array_into_a_result_document() throws Exception {
        drop("ids.json", "[\"111\", \"folders/222\", 333]");

        JsonNode result = awaitResult(1);

        assertThat(result.get("batchId").asText()).isEqualTo("ids");
        assertThat(result.get("source").asText()).isEqualTo("file:ids.json");
        assertThat(result.get("total").asInt()).isEqualTo(3);
        assertThat(result.get("resolved").asInt()).isEqualTo(3);
        assertThat(result.get("failed").asInt()).isEqualTo(0);
        assertThat(result.get("results")).hasSize(3);
        assertThat(result.get("names").toString())
                .isEqualTo("{\"folder_0_name\":\"Engineering\",\"folder_1_name\":\"Platform\",\"folder_2_name\":\"Data\"}");
    }

    @Test
    void should_turn_a_json_object_into_a_result_document_under_its_batch_id() throws Exception {
        drop("upload.json", "{\"batchId\": \"billing-2026-11\", \"folderIds\": [\"444\", \"folders/111\"]}");

        JsonNode result = awaitResult(1);

        assertThat(result.get("batchId").asText()).isEqualTo("billing-2026-11");
        assertThat(visibleFiles(outbox()).get(0).getFileName().toString()).startsWith("billing-2026-11-").endsWith(".json");
        assertThat(result.get("names").get("folder_0_name").asText()).isEqualTo("Finance");
        assertThat(result.get("names").get("folder_1_name").asText()).isEqualTo("Engineering");
    }

    @Test
    void should_turn_plain_text_into_a_result_document() throws Exception {
        drop("ids.txt", "# export of 2026-11-28\n222\n\nfolders/333\n");

        JsonNode result = awaitResult(1);

        assertThat(result.get("batchId").asText()).isEqualTo("ids");
        assertThat(result.get("total").asInt()).isEqualTo(2);
        assertThat(result.get("names").get("folder_0_name").asText()).isEqualTo("Platform");
        assertThat(result.get("names").get("folder_1_name").asText()).isEqualTo("Data");
    }

    @Test
    void should_keep_every_entry_of_a_mixed_batch_with_its_status() throws Exception {
        drop("mixed.json", "[\"111\", \"abc\", \"999\", \"folders/\", 222, null]");

        JsonNode result = awaitResult(1);

        assertThat(result.get("total").asInt()).isEqualTo(6);
        assertThat(result.get("resolved").asInt()).isEqualTo(2);
        assertThat(result.get("failed").asInt()).isEqualTo(4);
        assertThat(statuses(result)).containsExactlyInAnyOrder(
                "0:RESOLVED", "1:INVALID", "2:PERMISSION_DENIED", "3:INVALID", "4:RESOLVED", "5:INVALID");
        result.get("results").forEach(entry -> {
            if (entry.get("index").asInt() == 1) {
                assertThat(entry.get("folderId").asText()).isEqualTo("abc");
                assertThat(entry.get("error").asText()).isNotBlank();
            }
            if (entry.get("index").asInt() == 2) {
                assertThat(entry.get("folderId").asText()).isEqualTo("999");
                assertThat(entry.has("displayName")).isFalse();
            }
        });
        assertThat(result.get("names").size()).isEqualTo(2);
    }

    @Test
    void should_answer_every_duplicate_with_one_api_call() throws Exception {
        drop("dupes.json", "[\"111\", \"folders/111\", 111, \"111\"]");

        JsonNode result = awaitResult(1);

        assertThat(result.get("resolved").asInt()).isEqualTo(4);
        assertThat(result.get("names").size()).isEqualTo(4);
        assertThat(standIn.counters().getFolderCalls("111")).isEqualTo(1);
    }

    @Test
    void should_write_an_empty_result_for_an_empty_file() throws Exception {
        drop("empty.txt", "");

        JsonNode result = awaitResult(1);

        assertThat(result.get("total").asInt()).isZero();
        assertThat(result.get("results")).isEmpty();
        assertThat(result.get("names")).isEmpty();
    }

    @Test
    void should_move_an_unreadable_batch_to_error_with_a_reason_and_go_on() throws Exception {
        NotifyBuilder rejected = new NotifyBuilder(context).fromRoute("file-ingest").whenDone(1).create();
        drop("broken.json", "[\"111\", ");

        assertThat(rejected.matches(20, SECONDS)).isTrue();
        drop("good.txt", "111");
        JsonNode result = awaitResult("good");

        assertThat(result.get("resolved").asInt()).isEqualTo(1);
        Path errors = inbox().resolve("error");
        List<Path> errorFiles = visibleFiles(errors);
        assertThat(errorFiles).hasSize(2);
        Path reason = errorFiles.stream().filter(file -> file.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
        Path batch = errorFiles.stream().filter(file -> !file.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
        assertThat(reason.getFileName().toString()).isEqualTo(batch.getFileName() + ".reason.txt");
        assertThat(Files.readString(batch)).isEqualTo("[\"111\", ");
        assertThat(Files.readString(reason)).contains("file:broken.json").contains("broken JSON");
        assertThat(visibleFiles(outbox())).hasSize(1);
    }

    @Test
    void should_reject_binary_and_non_utf8_batches_with_a_reason() throws Exception {
        NotifyBuilder rejected = new NotifyBuilder(context).fromRoute("file-ingest").whenDone(2).create();
        drop("archive.zip", new byte[] { 0x50, 0x4b, 0x03, 0x04, 0x00, 0x00 });
        drop("latin1.txt", "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(rejected.matches(20, SECONDS)).isTrue();
        List<String> reasons = new ArrayList<>();
        for (Path file : visibleFiles(inbox().resolve("error"))) {
            if (file.toString().endsWith(".reason.txt")) {
                reasons.add(Files.readString(file));
            }
        }
        assertThat(reasons).hasSize(2);
        assertThat(String.join("\n", reasons)).contains("binary content").contains("not UTF-8 text");
    }

    @Test
    void should_archive_a_done_batch_and_not_resolve_the_very_same_file_again() throws Exception {
        Path dropped = drop("once.txt", "111");
        awaitResult(1);
        Path done = visibleFiles(inbox().resolve("done")).get(0);
        assertThat(Files.readString(done)).isEqualTo("111");

        // The very same file again (name, content, modified time), as after a crash: its result is out, so it is
        // archived without a second result or API call.
        NotifyBuilder polled = new NotifyBuilder(context).fromRoute("file-ingest").whenDone(1).create();
        Path again = inbox().resolve("again.tmp");
        Files.copy(done, again, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(again, dropped);
        assertThat(polled.matches(20, SECONDS)).isTrue();
        assertThat(visibleFiles(outbox())).hasSize(1);
        assertThat(visibleFiles(inbox().resolve("done"))).hasSize(2);
        assertThat(standIn.counters().getFolderCalls()).isEqualTo(1);

        // New content under the same name is a new batch.
        drop("once.txt", "222");
        awaitResult(2);
        assertThat(dropped).doesNotExist();
    }

    @Test
    void should_never_overwrite_an_earlier_result_of_the_same_batch_id() throws Exception {
        drop("a.json", "{\"batchId\": \"same\", \"folderIds\": [\"111\"]}");
        awaitResult(1);
        drop("b.json", "{\"batchId\": \"same\", \"folderIds\": [\"222\"]}");
        awaitResult(2);

        List<Path> results = visibleFiles(outbox());
        assertThat(results).hasSize(2);
        assertThat(results).allSatisfy(file -> assertThat(file.getFileName().toString()).startsWith("same-"));
        assertThat(JSON.readTree(results.get(0).toFile()).get("names").toString())
                .isNotEqualTo(JSON.readTree(results.get(1).toFile()).get("names").toString());
    }
}
