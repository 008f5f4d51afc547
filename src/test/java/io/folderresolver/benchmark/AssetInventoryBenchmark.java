package io.folderresolver.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.local.assets.AssetsStandIn;
import io.folderresolver.local.folders.CallCounters;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.pubsub.PubSubStandIn;
import io.folderresolver.pubsub.testing.GoogleEmulator;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.folderresolver.resolver.FolderResolver;
import io.folderresolver.testing.BootedService;
import io.folderresolver.testing.FeedMessages;
import io.folderresolver.testing.ServiceProcess;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud Asset Inventory as a second source, measured on the stand-ins at Google's quotas, each run a freshly booted
 * service (its Main class, config/ and routes/):
 * <ul>
 * <li>{@code warmup:assets}, {@code warmup:search}: a cold batch of every folder of a 20,000-folder org (up to 5
 *     deep) with the warm-up listing through ListAssets (100 calls a minute, 1,000 a page) or SearchFolders (4/s);</li>
 * <li>{@code feed:standin}, {@code feed:google}: 20 renames published one at a time on the feed's topic (our Pub/Sub
 *     stand-in, or Google's emulator); from the publish call's return to the new name in the cache;</li>
 * <li>{@code churn}: 1,000 changes (renames, moves of folders with 50 descendants, deletion requests, purges) on an
 *     org of 1,040 folders, published with 10 % duplicates and shuffled within windows of 50; then every folder's
 *     name, state and path is compared with the org's final state.</li>
 * </ul>
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.folderresolver.benchmark.AssetInventoryBenchmark \
 *     -Dexec.args="warmup:assets warmup:search feed:standin feed:google churn"
 * </pre>
 */
public final class AssetInventoryBenchmark {

    private static final int ORG_SIZE = 20_000;
    private static final long SEED = 20_261_203L;
    private static final String PROJECT = "benchmark";
    private static final String FEED_TOPIC = "folder-changes";
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private AssetInventoryBenchmark() {
    }

    private static final Map<String, String> HEADERS = Map.of(
            "warmup", "| Org, warm-up listing | Wall (s) | ListAssets calls | SearchFolders calls | GetFolder calls | Names lost |\n"
                    + "| --- | --: | --: | --: | --: | --: |",
            "feed", "| Pub/Sub | Renames | Median (ms) | p95 (ms) | Max (ms) | GetFolder calls for them | Next batch shows the new name |\n"
                    + "| --- | --: | --: | --: | --: | --: | --: |",
            "churn", "| Changes | Messages published | Wall (s) | Names right | Paths right | States right | GetFolder calls |\n"
                    + "| --- | --- | --: | --: | --: | --: | --: |");

    public static void main(String[] args) throws Exception {
        quietLogs();
        java.util.Set<String> headed = new java.util.HashSet<>();
        for (String run : args) {
            String kind = run.split(":")[0];
            if (headed.add(kind) && HEADERS.containsKey(kind)) {
                System.out.println(HEADERS.get(kind));
            }
            switch (run) {
                case "warmup:assets" -> warmUp(true);
                case "warmup:search" -> warmUp(false);
                case "feed:standin" -> {
                    try (PubSubStandIn pubsub = PubSubStandIn.start(0)) {
                        feed("our stand-in", pubsub.address());
                    }
                }
                case "feed:google" -> {
                    if (!GoogleEmulator.installed()) {
                        System.out.println("| Google's emulator | not installed here | | | | | |");
                        continue;
                    }
                    try (GoogleEmulator emulator = GoogleEmulator.start()) {
                        feed("Google's emulator", emulator.address());
                    }
                }
                case "churn" -> churn();
                default -> throw new IllegalArgumentException("unknown run " + run);
            }
        }
        System.exit(0);
    }

    // --- Warm-up -------------------------------------------------------------------------------------------------

    private static void warmUp(boolean listAssets) throws Exception {
        Workload org = Workload.generate(ORG_SIZE, ORG_SIZE, SEED);
        FolderTree tree = BulkBenchmark.tree(org, BulkBenchmark.hierarchy(org));
        StandInBehaviour behaviour = StandInBehaviour.immediate().withLatency(Duration.ofMillis(20), Duration.ofMillis(10))
                .withQuotaPerSecond(10).withSearchQuota(4);
        Path work = Files.createTempDirectory("asset-benchmark-");
        try (FoldersStandIn folders = FoldersStandIn.start(tree, behaviour, 0);
             AssetsStandIn assets = AssetsStandIn.start(tree, 100, 400, 0)) {
            Map<String, String> overrides = ServiceProcess.fileOnlyProperties(folders.address(), 10,
                    work.resolve("inbox"), work.resolve("outbox"));
            overrides.put("resolver.bulk.source", listAssets ? "asset-inventory" : "search");
            overrides.put("resolver.asset.scope", "organizations/1");
            overrides.put("resolver.asset.rate", "100");
            overrides.put("assets.emulator.enabled", "false");
            overrides.put("assets.endpoint", assets.address());
            overrides.put("assets.plaintext", "true");
            try (BootedService service = BootedService.boot(overrides)) {
                ServiceThroughRoute.warmUp(work);
                Path staged = BatchFiles.stage(work.resolve("inbox"), "org.txt", org.batch());
                long start = System.nanoTime();
                BatchFiles.drop(staged, "org.txt");
                Path result = BatchFiles.awaitResult(work.resolve("outbox"), "org", Duration.ofHours(1));
                double wall = (System.nanoTime() - start) / 1e9;
                int lost = org.lost(BatchFiles.resolvedNames(result));
                CallCounters calls = folders.counters();
                System.out.printf("| %,d folders, %s | %.1f | %d | %d | %,d | %d |%n", ORG_SIZE,
                        listAssets ? "ListAssets (100/min)" : "SearchFolders (4/s)", wall, assets.counters().listCalls(),
                        calls.searchCalls(), calls.getFolderCalls(), lost);
            }
        } finally {
            BatchFiles.deleteRecursively(work);
        }
    }

    // --- Feed latency --------------------------------------------------------------------------------------------

    private static void feed(String server, String pubsubAddress) throws Exception {
        int renames = 20;
        FolderTree tree = new FolderTree();
        for (int i = 0; i < renames; i++) {
            tree.add(Integer.toString(500_000 + i), "organizations/1", "before-" + i);
        }
        Path work = Files.createTempDirectory("feed-benchmark-");
        try (FoldersStandIn folders = FoldersStandIn.start(tree, StandInBehaviour.immediate().withQuotaPerSecond(10), 0);
             PubSubClients pubsub = new PubSubClients(pubsubAddress)) {
            Map<String, String> overrides = feedService(folders.address(), pubsubAddress, work);
            try (BootedService service = BootedService.boot(overrides)) {
                FolderResolver resolver = service.context().getRegistry().lookupByNameAndType("folderResolver",
                        FolderResolver.class);
                List<String> ids = new ArrayList<>(tree.all().stream().map(f -> f.getName().substring(8)).toList());
                resolveThroughRoute(work, "before", ids);
                long callsBefore = folders.counters().getFolderCalls();
                Publisher publisher = pubsub.publisher("projects/" + PROJECT + "/topics/" + FEED_TOPIC);
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < renames; i++) {
                    String id = ids.get(i);
                    String name = "after-" + i;
                    publisher.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(FeedMessages.folder(id,
                            name, "organizations/1", Instant.now()))).build()).get(30, TimeUnit.SECONDS);
                    long published = System.nanoTime();
                    long deadline = published + PATIENCE.toNanos();
                    while (!name.equals(nameIfKnown(resolver, id))) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new IllegalStateException("rename of " + id + " not applied within " + PATIENCE);
                        }
                        Thread.onSpinWait();
                    }
                    micros.add((System.nanoTime() - published) / 1_000);
                }
                publisher.shutdown();
                Map<Integer, String> next = BatchFiles.resolvedNames(resolveThroughRoute(work, "after", ids));
                long right = next.entrySet().stream().filter(e -> e.getValue().equals("after-" + e.getKey())).count();
                Collections.sort(micros);
                System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %d | %d of %d |%n", server, renames,
                        micros.get(micros.size() / 2) / 1000.0, micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0,
                        micros.get(micros.size() - 1) / 1000.0, folders.counters().getFolderCalls() - callsBefore, right, renames);
            }
        } finally {
            BatchFiles.deleteRecursively(work);
        }
    }

    private static Map<String, String> feedService(String foldersEndpoint, String pubsubAddress, Path work) {
        Map<String, String> overrides = ServiceProcess.fileOnlyProperties(foldersEndpoint, 1000, work.resolve("inbox"),
                work.resolve("outbox"));
        overrides.put("resolver.bulk.enabled", "false");
        overrides.put("pubsub.emulator.host", pubsubAddress);
        overrides.put("gcp.project", PROJECT);
        overrides.put("ingest.asset-feed.topic", FEED_TOPIC);
        overrides.put("ingest.asset-feed.subscription", FEED_TOPIC + "-resolver");
        overrides.put("output.pubsub.dead-letter-topic", "dead-letters");
        overrides.put("resolver.asset.scope", ""); // no reconciliation: this measures the feed alone
        return overrides;
    }

    private static String nameIfKnown(FolderResolver resolver, String id) {
        FolderResult known = resolver.resultIfKnown(BatchEntry.valid(0, id, id));
        return known == null ? null : known.displayName();
    }

    private static Path resolveThroughRoute(Path work, String batchId, List<String> ids) throws Exception {
        Path staged = BatchFiles.stage(work.resolve("inbox"), batchId + ".txt", ids);
        BatchFiles.drop(staged, batchId + ".txt");
        return BatchFiles.awaitResult(work.resolve("outbox"), batchId, PATIENCE);
    }

    // --- Churn ---------------------------------------------------------------------------------------------------

    /** What the org is now, per folder: name, parent, state (null = ACTIVE), or gone. */
    private record Truth(String name, String parent, String state, boolean gone) {
    }

    private static void churn() throws Exception {
        Random random = new Random(SEED);
        FolderTree tree = new FolderTree();
        Map<String, Truth> truth = new LinkedHashMap<>();
        List<String> tops = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            String top = Integer.toString(600_000 + t);
            String mid = Integer.toString(610_000 + t);
            tops.add(top);
            mids.add(mid);
            put(tree, truth, top, "top-" + t, "organizations/1");
            put(tree, truth, mid, "mid-" + t, "folders/" + top);
            for (int l = 0; l < 50; l++) {
                String leaf = Integer.toString(620_000 + t * 100 + l);
                leaves.add(leaf);
                put(tree, truth, leaf, "leaf-" + t + "-" + l, "folders/" + mid);
            }
        }
        Instant clock = Instant.now().plusSeconds(1);
        List<String> messages = new ArrayList<>();
        int[] kinds = new int[4];
        for (int i = 0; i < 1_000; i++) {
            clock = clock.plusMillis(1);
            int kind = random.nextInt(10);
            if (kind < 4) { // rename any folder still there
                String id = pick(random, truth, new ArrayList<>(truth.keySet()));
                Truth now = truth.get(id);
                truth.put(id, new Truth(now.name() + "'", now.parent(), now.state(), false));
                messages.add(message(id, truth.get(id), clock));
                kinds[0]++;
            } else if (kind < 7) { // move a folder with 50 descendants under another top folder
                String mid = pick(random, truth, mids);
                String top = tops.get(random.nextInt(tops.size()));
                Truth now = truth.get(mid);
                truth.put(mid, new Truth(now.name(), "folders/" + top, now.state(), false));
                messages.add(message(mid, truth.get(mid), clock));
                kinds[1]++;
            } else if (kind < 9) { // a deletion request of a leaf
                String leaf = pick(random, truth, leaves);
                Truth now = truth.get(leaf);
                truth.put(leaf, new Truth(now.name(), now.parent(), "DELETE_REQUESTED", false));
                messages.add(message(leaf, truth.get(leaf), clock));
                kinds[2]++;
            } else { // a purge of a leaf
                String leaf = pick(random, truth, leaves);
                Truth now = truth.get(leaf);
                truth.put(leaf, new Truth(null, now.parent(), null, true));
                messages.add(FeedMessages.purged(leaf, now.parent(), clock));
                kinds[3]++;
            }
        }
        List<String> published = new ArrayList<>();
        for (String message : messages) {
            published.add(message);
            if (random.nextInt(10) == 0) {
                published.add(message);
            }
        }
        for (int from = 0; from < published.size(); from += 50) {
            Collections.shuffle(published.subList(from, Math.min(published.size(), from + 50)), random);
        }

        Path work = Files.createTempDirectory("churn-benchmark-");
        try (FoldersStandIn folders = FoldersStandIn.start(tree, StandInBehaviour.immediate(), 0);
             PubSubStandIn pubsub = PubSubStandIn.start(0);
             PubSubClients clients = new PubSubClients(pubsub.address())) {
            Map<String, String> overrides = feedService(folders.address(), pubsub.address(), work);
            overrides.put("output.paths", "true");
            try (BootedService service = BootedService.boot(overrides)) {
                FolderResolver resolver = service.context().getRegistry().lookupByNameAndType("folderResolver",
                        FolderResolver.class);
                MeterRegistry meters = service.context().getRegistry().lookupByNameAndType(
                        MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
                resolveThroughRoute(work, "warm", new ArrayList<>(truth.keySet()));
                long callsAfterWarmUp = folders.counters().getFolderCalls();
                Publisher publisher = clients.publisher("projects/" + PROJECT + "/topics/" + FEED_TOPIC);
                long start = System.nanoTime();
                for (String message : published) {
                    publisher.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(message)).build());
                }
                publisher.shutdown();
                publisher.awaitTermination(1, TimeUnit.MINUTES);
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (fed(meters) < published.size()) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("only " + fed(meters) + " of " + published.size() + " applied");
                    }
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int names = 0;
                int paths = 0;
                int states = 0;
                for (Map.Entry<String, Truth> folder : truth.entrySet()) {
                    FolderResult result = resolver.resolve(BatchEntry.valid(0, folder.getKey(), folder.getKey()));
                    Truth expected = folder.getValue();
                    if (expected.gone()) {
                        boolean right = result.status() == FolderStatus.PERMISSION_DENIED;
                        names += right ? 1 : 0;
                        paths += right ? 1 : 0;
                        states += right ? 1 : 0;
                        continue;
                    }
                    names += expected.name().equals(result.displayName()) ? 1 : 0;
                    paths += path(truth, folder.getKey()).equals(result.path()) ? 1 : 0;
                    states += java.util.Objects.equals(expected.state(), result.state()) ? 1 : 0;
                }
                System.out.printf("| %,d changes (%d renames, %d moves of 50 descendants, %d deletion requests, %d purges) "
                        + "| %,d (%d duplicates, shuffled in 50s) | %.1f | %d of %d | %d of %d | %d of %d | %d |%n",
                        messages.size(), kinds[0], kinds[1], kinds[2], kinds[3], published.size(),
                        published.size() - messages.size(), seconds, names, truth.size(), paths, truth.size(), states,
                        truth.size(), folders.counters().getFolderCalls() - callsAfterWarmUp);
            }
        } finally {
            BatchFiles.deleteRecursively(work);
        }
    }

    private static void put(FolderTree tree, Map<String, Truth> truth, String id, String name, String parent) {
        tree.add(id, parent, name);
        truth.put(id, new Truth(name, parent, null, false));
    }

    /** A folder of {@code among} not purged. */
    private static String pick(Random random, Map<String, Truth> truth, List<String> among) {
        while (true) {
            String id = among.get(random.nextInt(among.size()));
            if (!truth.get(id).gone()) {
                return id;
            }
        }
    }

    private static String message(String id, Truth now, Instant at) {
        return FeedMessages.folder(id, now.name(), now.parent(), now.state() == null ? "ACTIVE" : now.state(), at);
    }

    /** Names from the top-level folder down, as the org is now. */
    private static List<String> path(Map<String, Truth> truth, String id) {
        List<String> upwards = new ArrayList<>();
        String current = id;
        while (current != null) {
            Truth folder = truth.get(current);
            upwards.add(folder.name());
            current = folder.parent().startsWith("folders/") ? folder.parent().substring(8) : null;
        }
        Collections.reverse(upwards);
        return upwards;
    }

    private static double fed(MeterRegistry meters) {
        return meters.find("folder.resolver.asset.feed.messages").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static void quietLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
