package io.folderresolver.flow;

import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.folderresolver.local.folders.FolderTree;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** After a bulk warm-up, paths cost no call: every ancestor came with the listing. */
class PathsAfterWarmUpTest extends FileFlowTestSupport {

    @Override
    FolderTree tree() {
        // An org of 10 departments with 30 teams each.
        FolderTree tree = new FolderTree();
        for (int department = 0; department < 10; department++) {
            tree.add(Integer.toString(100 + department), "organizations/1", "department-" + department);
            for (int team = 0; team < 30; team++) {
                tree.add(Integer.toString(10_000 + department * 100 + team), "folders/" + (100 + department),
                        "team-" + department + "-" + team);
            }
        }
        return tree;
    }

    @Override
    void overrideProperties(Properties properties) {
        properties.put("output.paths", "true");
        properties.put("resolver.bulk.threshold", "100");
    }

    @Test
    void should_give_every_path_from_the_listing_with_no_getfolder_call() throws Exception {
        String teams = IntStream.range(0, 10).boxed()
                .flatMap(department -> IntStream.range(0, 30).mapToObj(team -> Integer.toString(10_000 + department * 100 + team)))
                .collect(Collectors.joining("\n"));
        drop("teams.txt", teams);
        JsonNode result = awaitResult("teams");

        assertThat(result.get("statuses").get("RESOLVED").asInt()).isEqualTo(300);
        for (JsonNode entry : result.get("results")) {
            String team = entry.get("displayName").asText();
            String department = "department-" + team.split("-")[1];
            assertThat(entry.get("path").toString()).isEqualTo("[\"" + department + "\",\"" + team + "\"]");
        }
        assertThat(standIn.counters().searchCalls()).isEqualTo(1);
        assertThat(standIn.counters().getFolderCalls()).isZero();
    }
}
