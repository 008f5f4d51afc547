package io.folderresolver.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import io.folderresolver.batch.Batch;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A visible result cut short (what a power loss can leave when the disk did not keep the order of writes) is never
 * taken for done: deleted at start-up, and when its batch comes again, so the batch is resolved again.
 */
class ResultFilesTest {

    @TempDir
    Path outbox;

    private final Batch batch = new Batch("b-1", "file:b.txt", Instant.EPOCH, 1, "0123456789abcdef");

    private Path placed() throws Exception {
        ResultFiles files = new ResultFiles(outbox, Clock.systemUTC());
        ResultDocument document = files.open(batch);
        document.add(new FolderResult(0, "111", "Engineering", FolderStatus.RESOLVED, null));
        WrittenResult written = document.finish();
        files.place(written);
        files.discard(written);
        return outbox.resolve(batch.resultFileName());
    }

    @Test
    void should_take_a_complete_result_for_done() throws Exception {
        placed();

        assertThat(new ResultFiles(outbox, Clock.systemUTC()).exists(batch)).isTrue();
    }

    @Test
    void should_not_take_a_result_cut_short_for_done_and_delete_it() throws Exception {
        Path result = placed();
        ResultFiles files = new ResultFiles(outbox, Clock.systemUTC());
        byte[] whole = Files.readAllBytes(result);
        Files.write(result, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(files.exists(batch)).isFalse();
        assertThat(result).doesNotExist();
    }

    @Test
    void should_delete_empty_and_zero_filled_results_at_start() throws Exception {
        Path result = placed();
        Path empty = Files.createFile(outbox.resolve("empty-0000000000000000.json"));
        Path zeros = Files.write(outbox.resolve("zeros-0000000000000000.json"), new byte[4096]);

        new ResultFiles(outbox, Clock.systemUTC());

        assertThat(empty).doesNotExist();
        assertThat(zeros).doesNotExist();
        assertThat(result).exists();
    }
}
