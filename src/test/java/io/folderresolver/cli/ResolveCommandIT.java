package io.folderresolver.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.folderresolver.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The one-shot command as a user runs it: the packaged jar as a child process, offline (--local). */
class ResolveCommandIT {

    @TempDir
    Path work;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private Process resolve(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(java());
        command.add("resolve");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile()).start();
    }

    private String stdout() throws IOException {
        return Files.readString(work.resolve("stdout"), StandardCharsets.UTF_8);
    }

    private String stderr() throws IOException {
        return Files.readString(work.resolve("stderr"));
    }

    @Test
    void should_read_standard_input_and_write_only_the_document_to_standard_output() throws Exception {
        process = resolve("--local", "--format", "csv", "-");
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("226533748029\nnot-an-id\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stdout().lines().toList()).containsExactlyInAnyOrder("index,folderId,status,displayName,error,state",
                "0,226533748029,RESOLVED,Engineering,,", "1,not-an-id,INVALID,,expected <digits> or folders/<digits>,");
        assertThat(stderr()).contains("1 of 2 resolved, 1 not");
    }

    @Test
    void should_stop_on_ctrl_c_say_how_far_it_got_and_leave_no_partial_output() throws Exception {
        String ids = IntStream.range(0, 300).mapToObj(i -> Long.toString(900_000_000_000L + i))
                .collect(Collectors.joining("\n"));
        Files.writeString(work.resolve("ids.txt"), ids);
        process = resolve("--local", "--rate", "5", "--progress-interval", "1s", "--out", "out.json", "ids.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> stderr().contains("of 300 done"));

        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(stderr()).contains("Interrupted: nothing written to out.json");
        try (var files = Files.list(work)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("ids.txt", "stdout", "stderr");
        }
    }

    @Test
    void should_refuse_a_hostile_file_with_exit_2_and_its_reason_writing_nothing() throws Exception {
        // Binary garbage: a NUL, bytes that are not UTF-8, and a 4 MB line with no end.
        byte[] hostile = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(hostile, (byte) '7');
        hostile[0] = 0;
        hostile[1] = (byte) 0xC3;
        Files.write(work.resolve("hostile.txt"), hostile);
        process = resolve("--local", "--out", "out.json", "hostile.txt");

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr()).contains("The batch cannot be read:");
        assertThat(stdout()).isEmpty();
        assertThat(work.resolve("out.json")).doesNotExist();
    }

    @Test
    void should_exit_3_naming_the_key_when_a_setting_is_refused() throws Exception {
        Files.writeString(work.resolve("ids.txt"), "226533748029\n");
        process = resolve("--local", "--rate", "0", "ids.txt");

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
        assertThat(stderr()).contains("resolver.rate");
        assertThat(stdout()).isEmpty();
    }

    /**
     * At a terminal (a pseudo-terminal from util-linux's {@code script}, as a person's shell gives): a progress bar
     * redrawn in place instead of progress lines, ending at the batch's total.
     */
    @Test
    void should_draw_a_progress_bar_when_stderr_is_a_terminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives the terminal");
        // 40 folders of the sample org.
        List<String> sampleOrg = Files.readAllLines(Path.of("config/sample-org.csv"));
        Files.write(work.resolve("ids.txt"), sampleOrg.subList(1, 41).stream().map(row -> row.split(",")[0]).toList());
        String command = String.join(" ", String.join(" ", java()), "resolve", "--local", "--rate", "20", "--progress-interval", "1s",
                "--out", "out.json", "ids.txt");
        process = new ProcessBuilder("/usr/bin/script", "-qefc", command, work.resolve("typescript").toString())
                .directory(work.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile()).start();

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();
        String terminal = Files.readString(work.resolve("typescript"));
        assertThat(terminal).contains("\r").contains("40/40 IDs").contains(" 40 resolved, 0 not")
                .contains("40 of 40 resolved, 0 not")
                .doesNotContain("of 40 done");
        assertThat(work.resolve("out.json")).exists();
    }

    /** The jar's own help names its commands; an unknown command exits 2 with it; doctor runs as a command. */
    @Test
    void should_name_its_commands_in_help_and_refuse_an_unknown_one_with_exit_2() throws Exception {
        assertThat(jar("--help").waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stdout()).contains("resolve").contains("doctor").contains("docs/configuration.md");

        assertThat(jar("serve-everything").waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr()).contains("Unknown command or option: serve-everything").contains("doctor");

        Files.writeString(work.resolve("dirs.properties"), "ingest.file.dir = inbox\noutput.file.dir = outbox\n");
        assertThat(jar("doctor", "--local", "--config", "dirs.properties").waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(stdout() + stderr()).isZero();
        assertThat(stdout()).contains("\u2713 GetFolder: folders/").contains("\u2713 outbox");
    }

    private Process jar(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(java());
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile()).start();
        return process;
    }

    private static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                ServiceProcess.JAR.toAbsolutePath().toString());
    }
}
