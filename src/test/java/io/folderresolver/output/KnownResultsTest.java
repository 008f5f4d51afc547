package io.folderresolver.output;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.Batch;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.folders.StandInClients;
import io.folderresolver.resolver.FolderResolver;
import io.folderresolver.resolver.FolderResolverFactory;
import io.folderresolver.testing.Entries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries whose result is known at once go straight to the document as the split reads past them; only the others
 * reach the split, in their order. The resolver is the real one on the stand-in.
 */
class KnownResultsTest {

    @TempDir
    Path outbox;
    private StandInClients api;

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void should_write_cached_and_invalid_entries_at_once_and_pass_on_only_the_others() throws Exception {
        api = new StandInClients(new FolderTree().add("100", "organizations/1", "Engineering").add("200", "organizations/1", "Data"),
                StandInBehaviour.immediate(), 0);
        FolderResolver resolver = FolderResolverFactory.create(api.api,
                new FolderResolver.CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(5)), api.clock);
        resolver.resolve(BatchEntry.valid(0, "100", "100")); // now cached
        Batch batch = new Batch("known", "test", Instant.now(), 4, "f");
        ResultDocument document = new ResultFiles(outbox, Clock.systemUTC()).open(batch);
        BatchProgress progress = new BatchProgress(batch, 0);

        Iterator<BatchEntry> unknown = new KnownResults(resolver).unknown(Entries.of(List.of(
                BatchEntry.valid(0, "100", "100"),
                BatchEntry.invalid(1, "abc", "expected <digits> or folders/<digits>"),
                BatchEntry.valid(2, "200", "200"),
                BatchEntry.valid(3, "100", "100"))), document, progress);

        List<Integer> passedOn = new ArrayList<>();
        unknown.forEachRemaining(entry -> passedOn.add(entry.index()));
        assertThat(passedOn).containsExactly(2);
        assertThat(progress.done()).isEqualTo(3);
        assertThat(api.standIn.counters().getFolderCalls()).isEqualTo(1);

        document.add(resolver.resolve(BatchEntry.valid(2, "200", "200")));
        JsonNode written = new ObjectMapper().readTree(document.finish().file().toFile());
        assertThat(written.get("statuses").get("RESOLVED").asInt()).isEqualTo(3);
        assertThat(written.get("statuses").get("INVALID").asInt()).isEqualTo(1);
        assertThat(written.get("names").get("folder_3_name").asText()).isEqualTo("Engineering");
    }
}
