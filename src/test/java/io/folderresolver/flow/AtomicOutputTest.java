package io.folderresolver.flow;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A result appears in the outbox whole: written under a hidden name, then renamed. */
class AtomicOutputTest extends FileFlowTestSupport {

    @Test
    void should_only_ever_show_complete_result_files() throws Exception {
        Files.createDirectories(outbox());
        List<String> events = new ArrayList<>();
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            outbox().register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            drop("ids.json", "[\"111\", \"222\", \"333\", \"444\"]");
            awaitResult(1);

            WatchKey key;
            while ((key = watcher.poll(200, TimeUnit.MILLISECONDS)) != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    events.add(event.kind().name() + " " + event.context());
                }
                key.reset();
            }
        }
        Path result = visibleFiles(outbox()).get(0);
        String visibleName = result.getFileName().toString();

        // The visible name is created once (by the rename) and never written to.
        assertThat(events).contains("ENTRY_CREATE " + visibleName);
        assertThat(events).doesNotContain("ENTRY_MODIFY " + visibleName);
        assertThat(events).anyMatch(event -> event.startsWith("ENTRY_CREATE .writing-"));
        assertThat(JSON.readTree(result.toFile()).get("total").asInt()).isEqualTo(4);
    }
}
