package io.folderresolver.flow;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever lands in the inbox, the service reads nothing outside it, keeps going, and loses no regular file. */
class HostileInboxTest extends FileFlowTestSupport {

    @Test
    void should_never_follow_a_symbolic_link_and_go_on() throws Exception {
        Path secret = work.resolve("secret.txt");
        Files.writeString(secret, "SECRET-LINE\n");
        Files.createDirectories(inbox());
        Path toFile = Files.createSymbolicLink(inbox().resolve("link.txt"), secret);
        Path toDir = Files.createSymbolicLink(inbox().resolve("linkdir"), work);

        drop("after.txt", "111");
        JsonNode result = awaitResult("after");

        assertThat(result.get("resolved").asInt()).isEqualTo(1);
        assertThat(visibleFiles(outbox())).hasSize(1);
        assertThat(Files.isSymbolicLink(toFile)).isTrue();
        assertThat(Files.isSymbolicLink(toDir)).isTrue();
        assertThat(Files.readString(secret)).isEqualTo("SECRET-LINE\n");
        for (Path file : visibleFiles(outbox())) {
            assertThat(Files.readString(file)).doesNotContain("SECRET-LINE");
        }
    }

    @Test
    void should_skip_a_fifo_without_blocking_the_files_after_it() throws Exception {
        Files.createDirectories(inbox());
        Path fifo = inbox().resolve("a-pipe.txt");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        drop("b-after-the-pipe.txt", "222");

        assertThat(awaitResult("b-after-the-pipe").get("resolved").asInt()).isEqualTo(1);
        assertThat(fifo).exists();
    }

    @Test
    void should_process_and_archive_files_whatever_their_names() throws Exception {
        String longName = "x".repeat(251) + ".txt";
        List<String> names = List.of("with spaces.txt", "ünïcødé-名前.txt", "new\nline.txt", "-leading-dash.txt",
                longName, "tab\tand\u001b[31mescape.txt");
        for (String name : names) {
            drop(name, "111\n");
        }
        Files.writeString(inbox().resolve("back\\slash.txt"), "111\n");

        awaitResult(names.size() + 1);

        assertThat(visibleFiles(outbox())).hasSize(names.size() + 1);
        assertThat(visibleFiles(outbox())).allSatisfy(file -> assertThat(file.getFileName().toString())
                .matches("[A-Za-z0-9._-]+-[0-9a-f]{16}\\.json"));
        org.awaitility.Awaitility.await().until(() -> visibleFiles(inbox().resolve("done")).size() == names.size() + 1);
        assertThat(visibleFiles(inbox())).isEmpty();
        assertThat(visibleFiles(inbox().resolve("done"))).allSatisfy(file -> assertThat(file.getFileName().toString())
                .doesNotContainPattern("[\\p{Cntrl}\\\\]"));
    }

    @Test
    void should_refuse_a_huge_sparse_file_with_a_reason_and_go_on() throws Exception {
        Files.createDirectories(inbox());
        Path partial = inbox().resolve("huge.json.tmp");
        try (RandomAccessFile file = new RandomAccessFile(partial.toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024);
        }
        Files.move(partial, inbox().resolve("huge.json"));
        drop("small.txt", "111");

        assertThat(awaitResult("small").get("resolved").asInt()).isEqualTo(1);
        org.awaitility.Awaitility.await().until(() -> visibleFiles(inbox().resolve("error")).size() == 2);
        Path reason = visibleFiles(inbox().resolve("error")).stream()
                .filter(file -> file.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
        assertThat(Files.readString(reason, StandardCharsets.UTF_8)).contains("more than ingest.max-batch-bytes");
    }
}
