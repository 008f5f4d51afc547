package io.folderresolver.flow;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.resourcemanager.v3.Folder;
import io.folderresolver.local.folders.FolderTree;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folder being deleted (DELETE_REQUESTED: Google keeps returning it, with its name, for about 30 days) says so in
 * its result, whether GetFolder or a listing brought it; an ACTIVE folder's result is as before, with no state. With
 * output.include-deleted=false its name is withheld and its status is DELETE_REQUESTED.
 */
class FolderStateTest extends FileFlowTestSupport {

    @Override
    FolderTree tree() {
        return super.tree().add("555", "folders/111", "Old team", Folder.State.DELETE_REQUESTED);
    }

    @Override
    void overrideProperties(Properties properties) {
        if (getCurrentTestName().contains("withhold")) {
            properties.put("output.include-deleted", "false");
        }
        if (getCurrentTestName().contains("listing")) {
            properties.put("resolver.bulk.threshold", "2");
        }
    }

    @Test
    void should_carry_the_state_of_a_folder_being_deleted_and_none_for_an_active_one() throws Exception {
        drop("states.txt", "444\n555\n");

        JsonNode result = awaitResult("states");

        assertThat(entry(result, "555").get("status").asText()).isEqualTo("RESOLVED");
        assertThat(entry(result, "555").get("state").asText()).isEqualTo("DELETE_REQUESTED");
        assertThat(entry(result, "555").get("displayName").asText()).isEqualTo("Old team");
        assertThat(entry(result, "444").has("state")).isFalse();
        assertThat(result.get("names").get("folder_1_name").asText()).isEqualTo("Old team");
        assertThat(standIn.counters().searchCalls()).isZero();
    }

    @Test
    void should_carry_the_state_from_a_listing_too() throws Exception {
        drop("listed.txt", "444\n555\n333\n");

        JsonNode result = awaitResult("listed");

        assertThat(standIn.counters().searchCalls()).isPositive();
        assertThat(standIn.counters().getFolderCalls()).isZero();
        assertThat(entry(result, "555").get("state").asText()).isEqualTo("DELETE_REQUESTED");
        assertThat(entry(result, "333").has("state")).isFalse();
    }

    @Test
    void should_withhold_the_name_of_a_folder_being_deleted_when_told() throws Exception {
        drop("withheld.txt", "444\n555\n");

        JsonNode result = awaitResult("withheld");

        assertThat(entry(result, "555").get("status").asText()).isEqualTo("DELETE_REQUESTED");
        assertThat(entry(result, "555").has("displayName")).isFalse();
        assertThat(result.get("names").has("folder_1_name")).isFalse();
        assertThat(result.get("statuses").get("DELETE_REQUESTED").asInt()).isEqualTo(1);
        assertThat(result.get("resolved").asInt()).isEqualTo(1);
    }

    private static JsonNode entry(JsonNode result, String folderId) {
        for (JsonNode entry : result.get("results")) {
            if (entry.get("folderId").asText().equals(folderId)) {
                return entry;
            }
        }
        throw new AssertionError("no result for " + folderId + " in " + result);
    }
}
