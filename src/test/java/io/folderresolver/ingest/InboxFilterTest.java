package io.folderresolver.ingest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Which inbox entries are taken, and when: on a clock the test moves. */
class InboxFilterTest {

    private static final Duration SETTLE = Duration.ofSeconds(2);

    @TempDir
    Path inbox;
    private final AtomicLong nanos = new AtomicLong();
    private final InboxFilter filter = new InboxFilter(SETTLE, nanos::get, () -> false);

    private boolean accepts(Path path) {
        GenericFile<File> file = new GenericFile<>();
        file.setFile(path.toFile());
        file.setFileNameOnly(path.getFileName().toString());
        return filter.accept(file);
    }

    private void later(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void should_take_a_file_once_it_has_not_changed_for_the_settle_time() throws Exception {
        Path file = Files.writeString(inbox.resolve("ids.txt"), "111\n");

        assertThat(accepts(file)).isFalse();
        later(SETTLE.minusMillis(1));
        assertThat(accepts(file)).isFalse();
        later(Duration.ofMillis(1));
        assertThat(accepts(file)).isTrue();
    }

    @Test
    void should_wait_while_a_writer_keeps_appending_and_for_an_empty_placeholder() throws Exception {
        Path slow = Files.writeString(inbox.resolve("slow.txt"), "111\n");
        Path empty = Files.createFile(inbox.resolve("empty.txt"));
        assertThat(accepts(slow)).isFalse();
        assertThat(accepts(empty)).isFalse();

        for (int line = 0; line < 5; line++) {
            later(SETTLE.minusMillis(500));
            Files.writeString(slow, "222\n", StandardOpenOption.APPEND);
            Files.setLastModifiedTime(empty, FileTime.from(Instant.now().plusSeconds(line + 1)));
            assertThat(accepts(slow)).isFalse();
            assertThat(accepts(empty)).isFalse();
        }

        later(SETTLE);
        assertThat(accepts(slow)).isTrue();
        assertThat(accepts(empty)).isTrue();
    }

    @Test
    void should_take_a_file_dated_in_the_future_once_it_is_quiet() throws Exception {
        Path file = Files.writeString(inbox.resolve("skewed.txt"), "111\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2099-01-01T00:00:00Z")));

        assertThat(accepts(file)).isFalse();
        later(SETTLE);
        assertThat(accepts(file)).isTrue();
    }

    @Test
    void should_never_take_links_fifos_or_directories() throws Exception {
        Path target = Files.writeString(inbox.resolve("target.txt"), "111\n");
        Path link = Files.createSymbolicLink(inbox.resolve("link.txt"), target);
        Path fifo = inbox.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path dir = Files.createDirectory(inbox.resolve("dir"));

        assertThat(accepts(target)).isFalse();
        for (int poll = 0; poll < 3; poll++) {
            assertThat(accepts(link)).isFalse();
            assertThat(accepts(fifo)).isFalse();
            assertThat(accepts(dir)).isFalse();
            later(SETTLE);
        }
        assertThat(accepts(target)).isTrue();
    }

    @Test
    void should_rename_a_name_with_a_backslash_so_it_can_be_taken() throws Exception {
        Path odd = Files.writeString(inbox.resolve("a\\b.txt"), "111\n");

        assertThat(accepts(odd)).isFalse();

        assertThat(odd).doesNotExist();
        assertThat(inbox.resolve("a_b.txt")).hasContent("111");
    }
}
