package io.folderresolver.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 at chosen moments, then a restart: every input file still ends with exactly one complete, valid, visible
 * result, the input in done/, and no temporary left. The service is the packaged jar in a child process; the
 * Folders API is a stand-in in this JVM, so the test sees every call. Moments are chosen by watching the API calls
 * and the outbox, never by sleeping.
 */
class CrashSafetyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: only a failure waits this long. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path work;
    private FoldersStandIn standIn;
    private final List<ServiceProcess> started = new ArrayList<>();

    private Path inbox() {
        return work.resolve("inbox");
    }

    private Path outbox() {
        return work.resolve("outbox");
    }

    private static String folderId(int i) {
        return Long.toString(100_000_000_000L + i);
    }

    @BeforeEach
    void startStandIn() throws IOException {
        FolderTree tree = new FolderTree();
        for (int i = 0; i < 20_000; i++) {
            tree.add(folderId(i), "organizations/1", "folder-" + i);
        }
        standIn = FoldersStandIn.start(tree, StandInBehaviour.immediate(), 0);
        Files.createDirectories(inbox());
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
        standIn.close();
    }

    private ServiceProcess startService(int rate) throws IOException {
        return startService(rate, Map.of());
    }

    private ServiceProcess startService(int rate, Map<String, String> extra) throws IOException {
        Map<String, String> env = ServiceProcess.fileOnlyEnvironment(standIn.address(), rate, inbox(), outbox());
        // One GetFolder per ID, so a batch lasts long enough to be killed mid-way and the kill can be timed by calls
        // (a bulk warm-up would resolve it from a few listing pages).
        env.put("RESOLVER_BULK_ENABLED", "false");
        env.putAll(extra);
        ServiceProcess service = ServiceProcess.start(work, env, work.resolve("service.log"));
        started.add(service);
        return service;
    }

    private void dropBatch(String name, int from, int count) throws IOException {
        StringBuilder ids = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            ids.append(folderId(i)).append('\n');
        }
        Path partial = inbox().resolve(name + ".tmp");
        Files.writeString(partial, ids, StandardCharsets.UTF_8);
        Files.move(partial, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private void killWhen(ServiceProcess service, Callable<Boolean> moment) throws InterruptedException {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(moment);
        service.kill();
        try {
            // For the reader of the test log: the moment the kill actually landed.
            System.out.println("Killed with API calls " + standIn.counters().getFolderCalls() + ", outbox " + names(outbox())
                    + ", done " + visible(inbox().resolve("done")).size());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> visible(Path dir) throws IOException {
        return names(dir).stream().filter(name -> !name.startsWith(".")).toList();
    }

    /** After the restart: per input exactly one result with every entry resolved, inputs done, nothing temporary. */
    private void assertExactlyOneResultEach(Map<String, Integer> batches) throws IOException {
        await().atMost(PATIENCE).until(() -> visible(inbox().resolve("done")).size() == batches.size()
                && visible(inbox()).isEmpty());
        List<String> results = visible(outbox());
        assertThat(results).hasSize(batches.size());
        for (Map.Entry<String, Integer> batch : batches.entrySet()) {
            List<String> mine = results.stream().filter(name -> name.startsWith(batch.getKey() + "-")).toList();
            assertThat(mine).as("results of " + batch.getKey()).hasSize(1);
            JsonNode result = JSON.readTree(outbox().resolve(mine.get(0)).toFile());
            assertThat(result.get("total").asInt()).isEqualTo(batch.getValue());
            assertThat(result.get("resolved").asInt()).isEqualTo(batch.getValue());
            assertThat(result.get("results")).hasSize(batch.getValue());
            assertThat(result.get("names")).hasSize(batch.getValue());
        }
        assertThat(names(outbox())).allSatisfy(name -> assertThat(name).doesNotStartWith("."));
        assertThat(visible(inbox().resolve("error"))).isEmpty();
    }

    @Test
    void should_resolve_a_batch_killed_mid_way_after_the_restart() throws Exception {
        dropBatch("mid.txt", 0, 3_000);
        ServiceProcess first = startService(500);
        killWhen(first, () -> standIn.counters().getFolderCalls() >= 1_000);
        assertThat(visible(outbox())).isEmpty();

        startService(500);

        assertExactlyOneResultEach(Map.of("mid", 3_000));
    }

    @Test
    void should_resolve_a_batch_killed_as_soon_as_it_was_read() throws Exception {
        dropBatch("early.txt", 0, 500);
        ServiceProcess first = startService(500);
        killWhen(first, () -> Files.readString(first.log).contains("Batch early from file:early.txt"));

        startService(500);

        assertExactlyOneResultEach(Map.of("early", 500));
    }

    @Test
    void should_leave_one_result_when_killed_while_the_result_is_written() throws Exception {
        dropBatch("writing.txt", 0, 20_000);
        ServiceProcess first = startService(100_000);
        killWhen(first, () -> names(outbox()).stream().anyMatch(name -> name.startsWith(".writing-")
                || !name.startsWith(".")));

        startService(100_000);

        assertExactlyOneResultEach(Map.of("writing", 20_000));
    }

    @Test
    void should_resolve_a_batch_abandoned_by_a_shutdown_that_timed_out() throws Exception {
        dropBatch("stopped.txt", 0, 3_000);
        ServiceProcess first = startService(500, Map.of("CAMEL_MAIN_SHUTDOWN_TIMEOUT", "1"));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1))
                .until(() -> standIn.counters().getFolderCalls() >= 500);
        first.terminate();
        assertThat(first.isAlive()).isFalse();
        assertThat(visible(outbox())).isEmpty();

        startService(500);

        assertExactlyOneResultEach(Map.of("stopped", 3_000));
    }

    @Test
    void should_take_every_file_of_a_burst_after_a_kill() throws Exception {
        Map<String, Integer> batches = new HashMap<>();
        for (int b = 0; b < 20; b++) {
            dropBatch("burst-" + b + ".txt", b * 100, 100);
            batches.put("burst-" + b, 100);
        }
        ServiceProcess first = startService(500);
        killWhen(first, () -> visible(outbox()).size() >= 2);

        startService(500);

        assertExactlyOneResultEach(batches);
    }

    @Test
    void should_not_write_a_second_result_when_killed_after_the_result_was_out() throws Exception {
        dropBatch("late.txt", 0, 200);
        ServiceProcess first = startService(1_000);
        killWhen(first, () -> !visible(outbox()).isEmpty());
        // Whether or not the input moved before the kill, put back the state "result out, input not moved".
        List<String> done = visible(inbox().resolve("done"));
        if (!done.isEmpty()) {
            Files.move(inbox().resolve("done").resolve(done.get(0)), inbox().resolve("late.txt"));
        }
        long callsBefore = standIn.counters().getFolderCalls();

        startService(1_000);

        assertExactlyOneResultEach(Map.of("late", 200));
        assertThat(standIn.counters().getFolderCalls()).isEqualTo(callsBefore);
    }
}
