package io.folderresolver.resolver;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.folders.StandInClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changes Google reports outside our calls (a Cloud Asset Inventory feed) reach the cache with no call of ours, in the
 * order Google made them whatever order they come in, and every path under a moved folder follows. Over gRPC, against
 * the stand-in, through the official client.
 */
class FolderChangesTest {

    private final FolderTree tree = new FolderTree()
            .add("100", "organizations/1", "Engineering")
            .add("200", "folders/100", "Platform")
            .add("210", "folders/200", "Services")
            .add("300", "organizations/1", "Data");
    private StandInClients api;
    private FolderResolver resolver;

    private FolderResolver resolver(boolean paths, int maximumSize) {
        api = new StandInClients(tree, StandInBehaviour.immediate(), 0);
        resolver = FolderResolverFactory.create(api.api, new FolderResolver.CacheSettings(maximumSize,
                Duration.ofHours(1), Duration.ofMinutes(5)), paths, true, new SimpleMeterRegistry(), UnaryOperator.identity());
        return resolver;
    }

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    private FolderResult resolve(String folderId) {
        return resolver.resolve(BatchEntry.valid(0, folderId, folderId));
    }

    private static FolderChange renamed(String folderId, String name, String parent, Instant changedAt) {
        return FolderChange.present(folderId, name, parent, "ACTIVE", new Origin("feed", Instant.now(), changedAt, changedAt));
    }

    @Test
    void should_take_a_rename_without_a_call() {
        resolver(false, 1000);
        assertThat(resolve("200").displayName()).isEqualTo("Platform");

        assertThat(resolver.apply(renamed("200", "Platform Team", "folders/100", Instant.now().plusSeconds(1))))
                .isEqualTo(FolderResolver.Applied.UPDATED);

        assertThat(resolve("200").displayName()).isEqualTo("Platform Team");
        assertThat(api.standIn.counters().getFolderCalls()).isEqualTo(1);
    }

    @Test
    void should_keep_the_later_change_whatever_order_changes_come_in() {
        resolver(false, 1000);
        Instant first = Instant.now().plusSeconds(10);
        Instant second = first.plusMillis(1);

        assertThat(resolver.apply(renamed("200", "Second", "folders/100", second))).isEqualTo(FolderResolver.Applied.ADDED);
        assertThat(resolver.apply(renamed("200", "First", "folders/100", first))).isEqualTo(FolderResolver.Applied.STALE);
        assertThat(resolver.apply(renamed("200", "Second", "folders/100", second))).isEqualTo(FolderResolver.Applied.STALE);

        assertThat(resolve("200").displayName()).isEqualTo("Second");
        assertThat(api.standIn.counters().getFolderCalls()).isZero();
    }

    @Test
    void should_not_let_an_older_change_undo_what_get_folder_answered() {
        resolver(false, 1000);
        Instant beforeTheAnswer = Instant.now().minusSeconds(60);
        assertThat(resolve("200").displayName()).isEqualTo("Platform");

        assertThat(resolver.apply(renamed("200", "Old name", "folders/100", beforeTheAnswer)))
                .isEqualTo(FolderResolver.Applied.STALE);

        assertThat(resolve("200").displayName()).isEqualTo("Platform");
    }

    @Test
    void should_move_every_path_under_a_moved_folder() {
        resolver(true, 1000);
        assertThat(resolve("210").path()).containsExactly("Engineering", "Platform", "Services");
        resolve("300");
        long calls = api.standIn.counters().getFolderCalls();

        resolver.apply(renamed("200", "Platform", "folders/300", Instant.now().plusSeconds(1)));

        assertThat(resolve("210").path()).containsExactly("Data", "Platform", "Services");
        assertThat(api.standIn.counters().getFolderCalls()).isEqualTo(calls);
    }

    @Test
    void should_answer_a_purged_folder_as_get_folder_would() {
        resolver(false, 1000);
        resolve("200");

        resolver.apply(FolderChange.gone("200", new Origin("feed", Instant.now(), Instant.now().plusSeconds(1), null)));

        FolderResult result = resolve("200");
        assertThat(result.status()).isEqualTo(FolderStatus.PERMISSION_DENIED);
        assertThat(result.error()).startsWith("PERMISSION_DENIED: folders/200 no longer exists (deleted;");
    }

    @Test
    void should_show_a_folder_being_deleted_with_its_state() {
        resolver(false, 1000);
        resolve("200");

        resolver.apply(FolderChange.present("200", "Platform", "folders/100", "DELETE_REQUESTED",
                new Origin("feed", Instant.now(), Instant.now().plusSeconds(1), null)));

        FolderResult result = resolve("200");
        assertThat(result.status()).isEqualTo(FolderStatus.RESOLVED);
        assertThat(result.state()).isEqualTo("DELETE_REQUESTED");
    }

    @Test
    void should_apply_a_change_that_comes_while_its_call_is_in_flight_once_the_call_ends() throws Exception {
        resolver(false, 1000);
        api.standIn.delay("200", Duration.ofSeconds(2));
        CompletableFuture<FolderResult> asked = CompletableFuture.supplyAsync(() -> resolve("200"));
        await().until(() -> resolver.knows("200"));

        assertThat(resolver.apply(renamed("200", "Platform Team", "folders/100", Instant.now().plusSeconds(60))))
                .isEqualTo(FolderResolver.Applied.DEFERRED);

        assertThat(asked.get().displayName()).isEqualTo("Platform"); // the call's own answer, to those who asked
        await().until(() -> "Platform Team".equals(resolve("200").displayName()));
        assertThat(api.standIn.counters().getFolderCalls()).isEqualTo(1);
    }

    @Test
    void should_not_evict_what_batches_asked_for_to_add_a_folder_nobody_asked_for() {
        resolver(false, 1);
        resolve("100");

        assertThat(resolver.apply(renamed("300", "Data", "organizations/1", Instant.now()))).isEqualTo(FolderResolver.Applied.FULL);

        assertThat(resolver.knows("300")).isFalse();
        assertThat(resolver.knows("100")).isTrue();
    }

    @Test
    void should_not_let_a_lagging_listing_undo_a_change_from_the_feed() {
        resolver(false, 1000);
        resolve("200");
        resolver.apply(renamed("200", "Platform Team", "folders/100", Instant.now().plusSeconds(60)));

        // Search's index still shows the folder as it was: the listing's refresh must not bring the old name back.
        resolver.learn(tree.get("folders/200").orElseThrow(), "search", true);

        assertThat(resolve("200").displayName()).isEqualTo("Platform Team");
    }
}
