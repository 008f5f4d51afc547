package io.folderresolver.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.Batch;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultDocumentTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path outbox;
    private final Clock clock = Clock.fixed(RECEIVED.plusMillis(1500), ZoneOffset.UTC);

    private ResultDocument document(int total) {
        return new ResultFiles(outbox, clock).open(new Batch("b-1", "file:b.txt", RECEIVED, total, "0123456789abcdef"));
    }

    private static FolderResult resolved(int index, String name) {
        return new FolderResult(index, "10" + index, name, FolderStatus.RESOLVED, null);
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A batch that fails or is stopped midway: what it spooled (results, and for a batch over 100,000 entries its
     * names and their mapped slots) goes when it ends, not at the next start; a service that runs for a month never
     * restarts to clean up.
     */
    @Test
    void should_leave_no_spool_behind_when_a_batch_ends_before_its_result_is_finished() throws Exception {
        ResultDocument document = document(NameSpool.IN_MEMORY_ENTRIES + 1);
        for (int index = 0; index < 1000; index++) {
            document.add(resolved(index, "Name " + index));
        }
        assertThat(files()).hasSize(3); // the results, the names, the slots

        document.discardSpool();

        assertThat(files()).isEmpty();
        // A split thread still finishing an entry brings nothing back.
        try {
            document.add(resolved(1000, "late"));
        } catch (java.io.UncheckedIOException closed) {
            // as likely as not: the spool is closed
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void should_keep_a_finished_document_for_delivery_when_its_spool_goes() throws Exception {
        ResultDocument document = document(1);
        document.add(resolved(0, "Zero"));
        WrittenResult written = document.finish();

        document.discardSpool();

        assertThat(files()).containsExactly(written.file().getFileName().toString());
    }

    @Test
    void should_keep_results_in_completion_order_and_names_in_index_order() throws Exception {
        ResultDocument document = document(5);
        document.add(resolved(3, "Three"));
        document.add(new FolderResult(0, "abc", null, FolderStatus.INVALID, "expected <digits> or folders/<digits>"));
        document.add(resolved(4, "Vier ünïcødé"));
        document.add(new FolderResult(1, "101", null, FolderStatus.PERMISSION_DENIED, "denied"));
        document.add(resolved(2, "Two"));

        WrittenResult written = document.finish();

        JsonNode json = new ObjectMapper().readTree(written.file().toFile());
        List<Integer> order = new ArrayList<>();
        json.get("results").forEach(entry -> order.add(entry.get("index").asInt()));
        assertThat(order).containsExactly(3, 0, 4, 1, 2);
        assertThat(json.get("names").toString())
                .isEqualTo("{\"folder_2_name\":\"Two\",\"folder_3_name\":\"Three\",\"folder_4_name\":\"Vier ünïcødé\"}");
        assertThat(json.get("statuses").toString()).isEqualTo("{\"RESOLVED\":3,\"INVALID\":1,\"PERMISSION_DENIED\":1}");
        assertThat(json.get("durationMillis").asLong()).isEqualTo(1500);
        assertThat(written).extracting(WrittenResult::total, WrittenResult::resolved, WrittenResult::failed)
                .containsExactly(5, 3, 2);
        assertThat(written.fileName()).isEqualTo("b-1-0123456789abcdef.json");
        // Only the finished document is left, still hidden.
        assertThat(files()).singleElement().satisfies(name -> assertThat(name).startsWith(".writing-b-1-"));
    }

    @Test
    void should_keep_the_names_of_a_large_batch_on_disk_and_give_them_back_in_index_order() throws Exception {
        int total = NameSpool.IN_MEMORY_ENTRIES + 1;
        ResultDocument document = document(total);
        for (int index = total - 1; index >= 0; index--) {
            if (index % 2 == 0) {
                document.add(resolved(index, "name-" + index));
            } else {
                document.add(new FolderResult(index, "1" + index, null, FolderStatus.NOT_FOUND, "gone"));
            }
        }
        assertThat(files()).anyMatch(name -> name.endsWith(".slots"));

        JsonNode json = new ObjectMapper().readTree(document.finish().file().toFile());

        assertThat(json.get("results")).hasSize(total);
        assertThat(json.get("results").get(0).get("index").asInt()).isEqualTo(total - 1);
        List<String> keys = new ArrayList<>();
        json.get("names").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).hasSize(total / 2 + 1).startsWith("folder_0_name", "folder_2_name").endsWith("folder_100000_name");
        assertThat(json.get("names").get("folder_4242_name").asText()).isEqualTo("name-4242");
        assertThat(files()).singleElement().satisfies(name -> assertThat(name).startsWith(".writing-"));
    }

    @Test
    void should_refuse_to_finish_with_results_missing() {
        ResultDocument document = document(2);
        document.add(resolved(0, "Zero"));

        assertThatThrownBy(document::finish).isInstanceOf(IllegalStateException.class)
                .hasMessage("batch b-1 has 2 entries but 1 results");
    }

    @Test
    void should_delete_what_a_crashed_run_left_in_the_outbox_at_start_up() throws Exception {
        document(3).add(resolved(0, "Zero"));
        Files.writeString(outbox.resolve(".writing-old.json-123"), "{");
        Files.writeString(outbox.resolve("kept-0123456789abcdef.json"), "{\n  \"names\" : {\n  }\n}\n");

        new ResultFiles(outbox, clock);

        assertThat(files()).containsExactly("kept-0123456789abcdef.json");
    }
}
