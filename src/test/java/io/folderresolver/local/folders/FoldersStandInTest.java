package io.folderresolver.local.folders;

import java.time.Duration;
import java.util.Set;

import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.ResourceExhaustedException;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.ListFoldersRequest;
import com.google.cloud.resourcemanager.v3.SearchFoldersRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in, through the official client: it must answer the way the real API does. */
class FoldersStandInTest {

    private final FolderTree tree = new FolderTree()
            .add("100", "organizations/1", "Engineering")
            .add("200", "folders/100", "Platform")
            .add("300", "folders/100", "Data")
            .add("400", "organizations/1", "Finance");

    private final StandInClients api = new StandInClients(tree,
            StandInBehaviour.immediate().withNotFound(Set.of("999")), 0);

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void should_get_a_folder_by_name() {
        Folder folder = api.client.getFolder("folders/200");

        assertThat(folder.getDisplayName()).isEqualTo("Platform");
        assertThat(folder.getParent()).isEqualTo("folders/100");
        assertThat(api.standIn.counters().getFolderCalls("200")).isEqualTo(1);
    }

    @Test
    void should_deny_unknown_folders_like_the_real_api() {
        assertThatThrownBy(() -> api.client.getFolder("folders/123")).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> api.client.getFolder("folders/999")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void should_list_children_page_by_page() {
        var pages = api.client.listFolders(ListFoldersRequest.newBuilder().setParent("folders/100").setPageSize(1).build());

        assertThat(pages.iterateAll()).extracting(Folder::getDisplayName).containsExactly("Platform", "Data");
        assertThat(pages.getPage().getNextPageToken()).isNotEmpty();
    }

    @Test
    void should_search_by_display_name_and_parent() {
        assertThat(api.client.searchFolders(SearchFoldersRequest.newBuilder().setQuery("displayName=Finance").build())
                .iterateAll()).extracting(Folder::getName).containsExactly("folders/400");
        assertThat(api.client.searchFolders(SearchFoldersRequest.newBuilder().setQuery("parent=organizations/1").build())
                .iterateAll()).extracting(Folder::getName).containsExactly("folders/100", "folders/400");
    }

    @Test
    void should_answer_resource_exhausted_beyond_its_quota_until_it_refills() {
        // One attempt per call, and time moves only when the test says: exactly the quota passes.
        try (StandInClients limited = new StandInClients(tree, StandInBehaviour.immediate().withQuotaPerSecond(2), 1)) {
            assertThat(limited.client.getFolder("folders/100").getDisplayName()).isEqualTo("Engineering");
            assertThat(limited.client.getFolder("folders/100").getDisplayName()).isEqualTo("Engineering");
            assertThatThrownBy(() -> limited.client.getFolder("folders/100"))
                    .isInstanceOf(ResourceExhaustedException.class)
                    .hasMessageContaining("Quota exceeded");
            assertThat(limited.standIn.counters().resourceExhausted()).isEqualTo(1);

            limited.clock.advance(Duration.ofMillis(500));

            assertThat(limited.client.getFolder("folders/100").getDisplayName()).isEqualTo("Engineering");
            assertThat(limited.standIn.counters().getFolderCalls()).isEqualTo(4);
        }
    }

    /** Google counts reads per second and per minute (10/s, 600/min): a minute's worth used up waits for the minute. */
    @Test
    void should_answer_resource_exhausted_once_a_minute_window_is_spent_though_the_second_has_room() {
        try (StandInClients limited = new StandInClients(tree,
                StandInBehaviour.immediate().withQuotaPerSecond(2).withQuotaPerMinute(3), 1)) {
            for (int i = 0; i < 3; i++) {
                limited.clock.advance(Duration.ofSeconds(1));
                assertThat(limited.client.getFolder("folders/100").getDisplayName()).isEqualTo("Engineering");
            }
            limited.clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> limited.client.getFolder("folders/100"))
                    .isInstanceOf(ResourceExhaustedException.class);

            limited.clock.advance(Duration.ofSeconds(20));

            assertThat(limited.client.getFolder("folders/100").getDisplayName()).isEqualTo("Engineering");
        }
    }
}
