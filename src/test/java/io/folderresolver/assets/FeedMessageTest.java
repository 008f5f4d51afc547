package io.folderresolver.assets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.folderresolver.resolver.FolderChange;
import io.folderresolver.resolver.Origin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Feed messages in the shapes Cloud Asset Inventory publishes (src/test/resources/asset-feed: a rename in the v2 data
 * CAI serves for folders today, a deletion request in v3 data, a purge, a project), built from Google's documented
 * TemporalAsset fields and messages captured from live feeds by other tools.
 */
class FeedMessageTest {

    private static final Instant NOW = Instant.parse("2025-03-04T10:11:15Z");

    @Test
    void should_read_a_rename_in_v2_data() throws IOException {
        FolderChange change = change("rename-v2.json");

        assertThat(change).isEqualTo(FolderChange.present("234567890123", "team-payments", "folders/123456789012",
                "ACTIVE", new Origin("feed", NOW, Instant.parse("2025-03-04T10:11:12.345678Z"),
                        Instant.parse("2025-03-04T10:11:12.345678Z"))));
        assertThat(change.state()).isNull();
    }

    @Test
    void should_read_a_folder_being_deleted_in_v3_data() throws IOException {
        FolderChange change = change("delete-requested-v3.json");

        assertThat(change.gone()).isFalse();
        assertThat(change.displayName()).isEqualTo("team-payments");
        assertThat(change.parent()).isEqualTo("organizations/111122223333");
        assertThat(change.state()).isEqualTo("DELETE_REQUESTED");
    }

    @Test
    void should_read_a_purge_as_the_folder_gone() throws IOException {
        FolderChange change = change("purged.json");

        assertThat(change.gone()).isTrue();
        assertThat(change.folderId()).isEqualTo("234567890123");
        assertThat(change.origin().changedAt()).isEqualTo(Instant.parse("2025-04-05T09:00:00.654321Z"));
    }

    @Test
    void should_take_the_welcome_string_for_what_it_is() {
        FeedMessage message = read("You have successfully configured real time feed 'folders' on 'organizations/1'.");

        assertThat(message).isInstanceOf(FeedMessage.Welcome.class);
    }

    @Test
    void should_pass_over_assets_that_are_not_folders() throws IOException {
        FeedMessage message = FeedMessage.read(fixture("project.json"), NOW);

        assertThat(message).isEqualTo(new FeedMessage.OtherAsset("cloudresourcemanager.googleapis.com/Project"));
    }

    @Test
    void should_refuse_what_is_neither_json_nor_the_welcome() {
        assertThatThrownBy(() -> read("hello")).isInstanceOf(UnreadableFeedMessageException.class)
                .hasMessageStartingWith("not JSON, and not the feed's welcome message");
        assertThatThrownBy(() -> read("{\"window\": {}}")).isInstanceOf(UnreadableFeedMessageException.class)
                .hasMessage("not a TemporalAsset: no asset object");
    }

    @Test
    void should_refuse_a_folder_message_it_cannot_order_or_name() {
        String noTimes = "{\"asset\": {\"assetType\": \"cloudresourcemanager.googleapis.com/Folder\","
                + " \"name\": \"//cloudresourcemanager.googleapis.com/folders/5\","
                + " \"resource\": {\"data\": {\"displayName\": \"x\", \"parent\": \"organizations/1\"}}}}";
        String badTime = noTimes.replace("\"resource\"", "\"updateTime\": \"yesterday\", \"resource\"");
        String noName = noTimes.replace("folders/5", "projects/5").replace("\"resource\"",
                "\"updateTime\": \"2025-03-04T10:11:12Z\", \"resource\"");
        String noData = "{\"asset\": {\"assetType\": \"cloudresourcemanager.googleapis.com/Folder\","
                + " \"name\": \"//cloudresourcemanager.googleapis.com/folders/5\", \"updateTime\": \"2025-03-04T10:11:12Z\"}}";

        assertThatThrownBy(() -> read(noTimes)).hasMessageContaining("neither asset.updateTime nor window.startTime");
        assertThatThrownBy(() -> read(badTime)).hasMessage("asset.updateTime is not a timestamp: 'yesterday'");
        assertThatThrownBy(() -> read(noName)).hasMessageContaining("without a folder name");
        assertThatThrownBy(() -> read(noData)).hasMessage("folders/5: asset.resource.data has no displayName or parent");
    }

    private static FolderChange change(String fixture) throws IOException {
        return ((FeedMessage.Change) FeedMessage.read(fixture(fixture), NOW)).change();
    }

    private static FeedMessage read(String text) {
        return FeedMessage.read(text.getBytes(StandardCharsets.UTF_8), NOW);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FeedMessageTest.class.getResourceAsStream("/asset-feed/" + name)) {
            return in.readAllBytes();
        }
    }
}
