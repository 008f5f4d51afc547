package io.folderresolver.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.StandInBehaviour;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * output.paths=true through the shipped routes: each RESOLVED entry carries its parent and its path as a JSON
 * array, names with '/' and non-ASCII intact; an ancestor the caller may not read starts the path with null; each
 * ancestor costs at most one GetFolder, shared by every entry below it.
 */
class PathsTest extends FileFlowTestSupport {

    @Override
    FolderTree tree() {
        return new FolderTree()
                .add("111", "organizations/1", "Acme Eng")
                .add("222", "folders/111", "Platform / Infra")
                .add("333", "folders/222", "équipe-α")
                .add("334", "folders/222", "team \"b\"")
                .add("555", "organizations/1", "Secret")
                .add("666", "folders/555", "visible-team");
    }

    @Override
    StandInBehaviour behaviour() {
        return StandInBehaviour.immediate().withPermissionDenied(Set.of("555"));
    }

    @Override
    void overrideProperties(Properties properties) {
        properties.put("output.paths", "true");
    }

    @Test
    void should_give_each_resolved_entry_its_path_from_the_top_level_folder_down() throws Exception {
        drop("paths.txt", "333\n334\n666\n111\n404\n");
        JsonNode result = awaitResult("paths");

        assertThat(path(entry(result, 0))).containsExactly("Acme Eng", "Platform / Infra", "équipe-α");
        assertThat(entry(result, 0).get("parent").asText()).isEqualTo("folders/222");
        assertThat(path(entry(result, 1))).containsExactly("Acme Eng", "Platform / Infra", "team \"b\"");
        // 555 may not be read: the path starts below it.
        assertThat(path(entry(result, 2))).containsExactly(null, "visible-team");
        assertThat(path(entry(result, 3))).containsExactly("Acme Eng");
        assertThat(entry(result, 3).get("parent").asText()).isEqualTo("organizations/1");
        assertThat(entry(result, 4).has("path")).isFalse();
        // One call per distinct ID, entries and ancestors together: 333 334 666 111 404, and the ancestors 222 555.
        assertThat(standIn.counters().getFolderCalls()).isEqualTo(7);
        assertThat(standIn.counters().getFolderCalls("111")).isEqualTo(1);
        assertThat(standIn.counters().getFolderCalls("222")).isEqualTo(1);
    }

    private static JsonNode entry(JsonNode result, int index) {
        for (JsonNode entry : result.get("results")) {
            if (entry.get("index").asInt() == index) {
                return entry;
            }
        }
        throw new AssertionError("no entry " + index + " in " + result);
    }

    private static List<String> path(JsonNode entry) {
        List<String> names = new ArrayList<>();
        entry.get("path").forEach(name -> names.add(name.isNull() ? null : name.asText()));
        return names;
    }
}
