package io.folderresolver.flow;

import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.StandInBehaviour;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk warm-up through the shipped routes, counted on the stand-in: an org of 2,500 folders lists in 3 pages, and a
 * batch of more unknown IDs than resolver.bulk.threshold costs those pages plus one GetFolder per ID the listing did
 * not show.
 */
class BulkWarmUpTest extends FileFlowTestSupport {

    private static final int FOLDERS = 2_500;
    private static final String DENIED = "1000000000007";

    private final FolderTree org = new FolderTree();

    {
        for (int i = 0; i < FOLDERS; i++) {
            org.add(id(i), "organizations/1", "team-" + i);
        }
    }

    @Override
    FolderTree tree() {
        return org;
    }

    @Override
    StandInBehaviour behaviour() {
        // The denied folder exists, but the caller may not get it: the listing leaves it out, GetFolder refuses it.
        return StandInBehaviour.immediate().withPermissionDenied(Set.of(DENIED)).withSearchQuota(4);
    }

    @Override
    void overrideProperties(Properties properties) {
        properties.put("resolver.bulk.threshold", "100");
        // Listings priced at 100 pages/s: after one of 3 pages, 30 unknown IDs would be worth another.
        properties.put("resolver.bulk.rate", "100");
    }

    private static String id(int i) {
        return Long.toString(1_000_000_000_000L + i);
    }

    private static String ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(BulkWarmUpTest::id).collect(Collectors.joining("\n"));
    }

    @Test
    void should_list_the_org_once_and_call_getfolder_only_for_what_the_listing_did_not_show() throws Exception {
        // Created after the listing's index was taken: GetFolder finds it, the listing does not.
        org.addNotYetSearchable("2000000000001", "organizations/1", "created-just-now");

        drop("big.txt", ids(0, 300) + "\n2000000000001\n404\n");
        JsonNode result = awaitResult("big");

        assertThat(result.get("statuses").get("RESOLVED").asInt()).isEqualTo(300);
        assertThat(result.get("statuses").get("PERMISSION_DENIED").asInt()).isEqualTo(1 + 1);
        assertThat(result.get("names").get("folder_300_name").asText()).isEqualTo("created-just-now");
        assertThat(result.get("names").get("folder_10_name").asText()).isEqualTo("team-10");
        // 3 pages of 1,000 (2,500 folders, the denied one not listed), then GetFolder for the new folder, the denied
        // one (#7 of the batch) and 404: not for the 299 the listing named.
        assertThat(standIn.counters().searchCalls()).isEqualTo(3);
        assertThat(standIn.counters().getFolderCalls()).isEqualTo(3);
        assertThat(standIn.counters().getFolderCalls(DENIED)).isEqualTo(1);
    }

    @Test
    void should_not_list_for_a_batch_with_fewer_unknown_ids_than_the_threshold() throws Exception {
        drop("small.txt", ids(100, 199));
        JsonNode result = awaitResult("small");

        assertThat(result.get("statuses").get("RESOLVED").asInt()).isEqualTo(99);
        assertThat(standIn.counters().searchCalls()).isZero();
        assertThat(standIn.counters().getFolderCalls()).isEqualTo(99);
    }

    @Test
    void should_not_list_again_for_a_later_batch_of_ids_the_listing_did_not_show() throws Exception {
        drop("org.txt", ids(0, 300));
        awaitResult("org");
        assertThat(standIn.counters().searchCalls()).isEqualTo(3);

        // 200 IDs outside the org: more than another listing is worth (30 IDs), but one just ran.
        drop("outside.txt", IntStream.range(0, 200).mapToObj(i -> Long.toString(3_000_000_000_000L + i))
                .collect(Collectors.joining("\n")));
        JsonNode outside = awaitResult("outside");

        assertThat(outside.get("statuses").get("PERMISSION_DENIED").asInt()).isEqualTo(200);
        assertThat(standIn.counters().searchCalls()).isEqualTo(3);
    }

    @Test
    void should_list_once_for_two_large_batches_at_the_same_time() throws Exception {
        // A slow listing (3 pages of 2 s), so the second batch arrives while it runs and must wait for it.
        standIn.delaySearch(java.time.Duration.ofSeconds(2));
        drop("first.txt", ids(0, 1_000));
        drop("second.txt", ids(1_000, 2_000));
        JsonNode first = awaitResult("first");
        JsonNode second = awaitResult("second");

        assertThat(first.get("statuses").get("RESOLVED").asInt()).isEqualTo(999);
        assertThat(second.get("statuses").get("RESOLVED").asInt()).isEqualTo(1_000);
        assertThat(standIn.counters().searchCalls()).isEqualTo(3);
        // Only the denied folder: everything else came from the one listing.
        assertThat(standIn.counters().getFolderCalls()).isEqualTo(1);
    }
}
