package io.folderresolver.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-shot command in-process, on the embedded stand-in and its sample org (--local): each format, --out, and
 * each exit code.
 */
class ResolveCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();

    private int resolve(String... args) {
        return resolve(null, args);
    }

    private int resolve(PrintStream terminal, String... args) {
        return ResolveCommand.withUsageExit(new CommandLine(new ResolveCommand(stdout, terminal)))
                .setErr(new PrintWriter(stderr, true)).execute(args);
    }

    private Path batch(String name, String content) throws Exception {
        return Files.writeString(work.resolve(name), content);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_write_the_result_document_and_exit_0_when_every_entry_resolved() throws Exception {
        int exit = resolve("--local", "--quiet", batch("ids.txt", "226533748029\n958500764904\n").toString());

        assertThat(exit).isZero();
        JsonNode document = JSON.readTree(out());
        assertThat(document.get("total").asInt()).isEqualTo(2);
        assertThat(document.get("names").get("folder_0_name").asText()).isEqualTo("Engineering");
        assertThat(document.get("names").get("folder_1_name").asText()).isEqualTo("Engi-team-01");
    }

    @Test
    void should_write_the_old_scripts_names_map_alone_and_exit_1_when_some_entries_are_not_resolved() throws Exception {
        int exit = resolve("--local", "--format", "names", batch("ids.txt", "226533748029\nnot-an-id\n800141156503\n").toString());

        assertThat(exit).isEqualTo(1);
        // What the script printed for the same input: print(json.dumps(output)), in index order.
        assertThat(out()).isEqualTo("{\"folder_0_name\": \"Engineering\", \"folder_2_name\": \"Engi-team-01-prod\"}\n");
        assertThat(stderr.toString()).contains("2 of 3 resolved, 1 not");
    }

    @Test
    void should_draw_a_progress_bar_in_place_on_a_terminal_ending_at_the_batch_total() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();

        int exit = resolve(new PrintStream(terminal, true, StandardCharsets.UTF_8), "--local",
                batch("ids.txt", "226533748029\nnot-an-id\n800141156503\n").toString());

        assertThat(exit).isEqualTo(1);
        String drawn = terminal.toString(StandardCharsets.UTF_8);
        // Redrawn over itself (carriage returns), its last state the whole batch, then a line end.
        assertThat(drawn).startsWith("\r").contains("ids").endsWith(System.lineSeparator());
        String last = drawn.substring(drawn.lastIndexOf('\r') + 1);
        assertThat(last).contains("100%").contains("3/3 IDs").contains("2 resolved, 1 not").contains("/s");
        // The summary line still follows on stderr.
        assertThat(stderr.toString()).contains("2 of 3 resolved, 1 not");
    }

    @Test
    void should_draw_no_progress_bar_when_quiet() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();

        resolve(new PrintStream(terminal, true, StandardCharsets.UTF_8), "--local", "--quiet",
                batch("ids.txt", "226533748029\n").toString());

        assertThat(terminal.size()).isZero();
    }

    @Test
    void should_write_csv_with_a_row_per_entry_quoting_what_needs_it() throws Exception {
        // 116000627613 is being deleted in the sample org.
        int exit = resolve("--local", "--quiet", "--format", "csv",
                batch("ids.txt", "226533748029\n=1,2\n116000627613\n").toString());

        assertThat(exit).isEqualTo(1);
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("index,folderId,status,displayName,error,state");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder(
                "0,226533748029,RESOLVED,Engineering,,",
                "1,\"'=1,2\",INVALID,,expected <digits> or folders/<digits>,",
                "2,116000627613,RESOLVED,Mark-team-08-prod-app1,,DELETE_REQUESTED");
    }

    @Test
    void should_write_out_whole_and_nothing_to_stdout() throws Exception {
        Path out = work.resolve("names.json");

        int exit = resolve("--local", "--quiet", "--out", out.toString(), batch("ids.txt", "226533748029\n").toString());

        assertThat(exit).isZero();
        assertThat(out()).isEmpty();
        assertThat(JSON.readTree(out.toFile()).get("names").get("folder_0_name").asText()).isEqualTo("Engineering");
        try (var files = Files.list(work)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("ids.txt", "names.json");
        }
    }

    @Test
    void should_exit_2_with_the_reason_when_the_batch_cannot_be_read() throws Exception {
        assertThat(resolve("--local", batch("broken.json", "{\"folderIds\": [").toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("The batch cannot be read: broken JSON");

        assertThat(resolve("--local", work.resolve("missing.txt").toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("no file");
        assertThat(out()).isEmpty();
    }

    @Test
    void should_exit_3_naming_the_key_when_the_configuration_is_wrong() throws Exception {
        Path config = batch("bad.properties", "resolver.rate = 0\nresolver.bulk.rate = 0\n");

        int exit = resolve("--local", "--config", config.toString(), batch("ids.txt", "226533748029\n").toString());

        assertThat(exit).isEqualTo(3);
        assertThat(stderr.toString()).contains("resolver.rate (RESOLVER_RATE) must be at least 1")
                .contains("resolver.bulk.rate (RESOLVER_BULK_RATE) must be at least 1");
        assertThat(out()).isEmpty();
    }

    @Test
    void should_exit_4_when_out_cannot_be_written_apart_from_the_batch_outcomes() throws Exception {
        Path notADirectory = batch("file", "");

        int exit = resolve("--local", "--quiet", "--out", notADirectory.resolve("names.json").toString(),
                batch("ids.txt", "226533748029\n").toString());

        assertThat(exit).isEqualTo(4);
        assertThat(stderr.toString()).contains("Cannot write " + notADirectory.resolve("names.json"));
    }

    @Test
    void should_exit_64_on_a_usage_error_apart_from_the_batch_outcomes() throws Exception {
        assertThat(resolve("--local", "--no-such-option", batch("ids.txt", "226533748029\n").toString())).isEqualTo(64);
        assertThat(stderr.toString()).contains("Unknown option: '--no-such-option'").contains("Usage: resolve");

        assertThat(resolve("--local")).isEqualTo(64);
        assertThat(stderr.toString()).contains("Missing required parameter");
        assertThat(out()).isEmpty();
    }
}
