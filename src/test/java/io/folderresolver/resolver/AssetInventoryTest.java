package io.folderresolver.resolver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.local.assets.AssetsStandIn;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.Entries;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cloud Asset Inventory as a second source, through the official AssetServiceClient over gRPC against the stand-in:
 * the bulk warm-up through ListAssets fills names and paths with no Folders API call, and reconciliation repairs a
 * change whose feed message was lost, once.
 */
class AssetInventoryTest {

    /** 50 top folders under the organization, 49 children under each. */
    private static final int TOP = 50;
    private static final int CHILDREN = 49;

    /** Google's clock: the folders' update times. */
    private final MovableClock google = new MovableClock(Instant.now().minus(Duration.ofHours(1)));
    private final FolderTree tree = new FolderTree(google);
    private FoldersStandIn folders;
    private AssetsStandIn assets;
    private FoldersClient foldersClient;
    private AssetServiceClient assetsClient;
    private ApiAccess api;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        for (int top = 0; top < TOP; top++) {
            tree.add(Integer.toString(1_000 + top), "organizations/1", "top-" + top);
            for (int child = 0; child < CHILDREN; child++) {
                tree.add(Integer.toString(100_000 + top * 100 + child), "folders/" + (1_000 + top), "team-" + top + "-" + child);
            }
        }
        folders = FoldersStandIn.start(tree, StandInBehaviour.immediate(), 0);
        assets = AssetsStandIn.start(tree, 100, 400, 0);
        foldersClient = new FoldersConnection(folders.address(), true, Duration.ofMinutes(1)).open();
        assetsClient = new AssetsConnection(assets.address(), true, Duration.ofMinutes(1)).open(null);
        api = new ApiAccess(foldersClient, ApiRateLimiter.systemClock(1000, 1000),
                new ApiAvailability(Duration.ofMinutes(5), Duration.ofMillis(50), Clock.systemUTC()),
                new LookupRetries(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(2), 0));
    }

    @AfterEach
    void close() {
        assetsClient.close();
        foldersClient.close();
        assets.close();
        folders.close();
    }

    private FolderResolver resolver(boolean paths) {
        return FolderResolverFactory.create(api, new FolderResolver.CacheSettings(10_000, Duration.ofHours(1),
                Duration.ofMinutes(5)), paths, true, meters, UnaryOperator.identity());
    }

    @Test
    void should_warm_up_names_and_paths_from_list_assets_without_a_folders_api_call() {
        FolderResolver resolver = resolver(true);
        BulkWarmUp warmUp = FolderResolverFactory.assetWarmUp(resolver, assetsClient, "organizations/1", api.retries(),
                ApiRateLimiter.perMinute(100, TimeMeter.SYSTEM_NANOTIME), CallQuota.UNSHARED,
                new BulkWarmUp.Settings(true, 10, 10, 100 / 60.0, Duration.ofMinutes(5), Duration.ofSeconds(30)), meters);

        warmUp.before(Entries.of(IntStream.range(0, 20)
                .mapToObj(i -> BatchEntry.valid(i, "x", Integer.toString(100_000 + i))).toList()));

        assertThat(resolver.resolve(BatchEntry.valid(0, "104948", "104948")).path())
                .containsExactly("top-49", "team-49-48");
        assertThat(resolver.resolve(BatchEntry.valid(0, "1000", "1000")).displayName()).isEqualTo("top-0");
        assertThat(assets.counters().listCalls()).isEqualTo(3); // 2,500 folders, 1,000 a page
        assertThat(folders.counters().getFolderCalls()).isZero();
        assertThat(folders.counters().searchCalls()).isZero();
        assertThat(meters.counter("folder.resolver.asset.calls", "method", "ListAssets", "code", "OK").count()).isEqualTo(3);
    }

    @Test
    void should_repair_a_change_whose_feed_message_was_lost_at_the_next_reconciliation() {
        FolderResolver resolver = resolver(false);
        Instant created = google.instant();
        MovableClock clock = new MovableClock(created.plus(Duration.ofMinutes(30))); // the service starts
        AssetReconciliation reconciliation = new AssetReconciliation(resolver, assetsClient, "organizations/1",
                ApiRateLimiter.perMinute(100, TimeMeter.SYSTEM_NANOTIME), CallQuota.UNSHARED, api.retries(), 100 / 60.0,
                Duration.ofSeconds(30), clock, meters);
        assertThat(resolver.resolve(BatchEntry.valid(0, "100001", "100001")).displayName()).isEqualTo("team-0-1");
        long calls = folders.counters().getFolderCalls();
        // Renamed in the console; its feed message never came.
        google.set(created.plus(Duration.ofMinutes(31)));
        tree.update("100001", "folders/1000", "payments", Folder.State.ACTIVE);
        clock.set(created.plus(Duration.ofMinutes(35)));

        assertThat(reconciliation.run()).isEqualTo(1);

        assertThat(resolver.resolve(BatchEntry.valid(0, "100001", "100001")).displayName()).isEqualTo("payments");
        assertThat(folders.counters().getFolderCalls()).isEqualTo(calls);
        clock.set(created.plus(Duration.ofMinutes(50)));
        assertThat(reconciliation.run()).isZero(); // found again (the runs overlap), known already
        assertThat(meters.counter("folder.resolver.asset.reconciled").count()).isEqualTo(1);
        assertThat(assets.counters().searchCalls()).isEqualTo(2);
    }

    /** A wall clock the test sets. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
