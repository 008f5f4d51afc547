package io.folderresolver.flow;

import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.folderresolver.local.folders.FolderTree;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** resolver.bulk.refresh: once a listing was worth it, it runs again in the background and renames show up. */
class BulkRefreshTest extends FileFlowTestSupport {

    private final FolderTree org = new FolderTree();

    {
        for (int i = 0; i < 150; i++) {
            org.add(Integer.toString(5_000 + i), "organizations/1", "team-" + i);
        }
    }

    @Override
    FolderTree tree() {
        return org;
    }

    @Override
    void overrideProperties(Properties properties) {
        properties.put("resolver.bulk.threshold", "100");
        properties.put("resolver.bulk.refresh", "200ms");
    }

    @Test
    void should_list_again_in_the_background_and_pick_up_a_rename_without_getfolder() throws Exception {
        drop("first.txt", IntStream.range(5_000, 5_150).mapToObj(Integer::toString).collect(Collectors.joining("\n")));
        awaitResult("first");
        assertThat(standIn.counters().searchCalls()).isPositive();

        org.add("5007", "organizations/1", "team-7-renamed");
        // Refreshes run one after another and list in one page: the first page asked after the rename saw it, and
        // once the next is asked, that refresh has filled the cache.
        long asked = standIn.counters().searchCalls();
        await().until(() -> standIn.counters().searchCalls() >= asked + 2);

        drop("second.txt", "5007\n5008\n");
        JsonNode second = awaitResult("second");

        assertThat(second.get("names").get("folder_0_name").asText()).isEqualTo("team-7-renamed");
        assertThat(second.get("names").get("folder_1_name").asText()).isEqualTo("team-8");
        assertThat(standIn.counters().getFolderCalls()).isZero();
    }
}
