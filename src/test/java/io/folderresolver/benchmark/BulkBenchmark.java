package io.folderresolver.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.folderresolver.local.folders.CallCounters;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.BootedService;
import io.folderresolver.testing.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk warm-up against one GetFolder per ID and against the old script, on a Folders stand-in holding an org of
 * 10,000 folders up to 5 deep, with a GetFolder quota of 10/s, a SearchFolders quota of 4/s and 20±10 ms per answer.
 * Every run starts cold: a fresh stand-in and a freshly booted service. Rows, chosen by argument:
 * {@code big:bulk big:perid big:script} (10,000 unique IDs), {@code small:bulk small:perid small:script} (100 IDs;
 * the warm-up must not kick in), {@code paths:bulk paths:perid} (10,000 IDs with output.paths=true). The per-ID rows of
 * 10,000 IDs take about 17 minutes each.
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.folderresolver.benchmark.BulkBenchmark \
 *     -Dexec.args="big:bulk small:bulk small:perid small:script paths:bulk big:script big:perid paths:perid"
 * </pre>
 */
public final class BulkBenchmark {

    private static final int ORG_SIZE = 10_000;
    private static final int MAX_DEPTH = 5;
    private static final int GET_QUOTA = 10;
    private static final int SEARCH_QUOTA = 4;
    private static final long SEED = 20_261_202L;
    private static final String BATCH_ID = "bulk-batch";

    private BulkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        quietLogs();
        Workload org = Workload.generate(ORG_SIZE, ORG_SIZE, SEED);
        Map<String, String> parents = hierarchy(org);
        System.out.println("| Run | Implementation | Wall (s) | GetFolder calls | SearchFolders calls | RESOURCE_EXHAUSTED | Names lost |");
        System.out.println("| --- | --- | --: | --: | --: | --: | --: |");
        for (String run : args) {
            String[] parts = run.split(":");
            Workload workload = parts[0].equals("small") ? new Workload(org.namesById(), org.batch().subList(0, 100)) : org;
            boolean paths = parts[0].equals("paths");
            StandInBehaviour behaviour = StandInBehaviour.immediate().withLatency(Duration.ofMillis(20), Duration.ofMillis(10))
                    .withQuotaPerSecond(GET_QUOTA).withSearchQuota(SEARCH_QUOTA);
            try (FoldersStandIn standIn = FoldersStandIn.start(tree(org, parents), behaviour, 0)) {
                Outcome outcome = switch (parts[1]) {
                    case "bulk" -> service(workload, standIn.address(), true, paths);
                    case "perid" -> service(workload, standIn.address(), false, paths);
                    case "script" -> new OldScriptPort().run(Scenario.lowQuota(), workload, standIn.address());
                    default -> throw new IllegalArgumentException("unknown implementation in " + run + ": bulk, perid, script");
                };
                CallCounters counters = standIn.counters();
                System.out.printf("| %s: %,d IDs%s | %s | %.1f | %,d | %d | %,d | %,d |%n", parts[0], workload.batch().size(),
                        paths ? ", paths" : "", parts[1], outcome.wall().toNanos() / 1e9, counters.getFolderCalls(),
                        counters.searchCalls(), counters.resourceExhausted(), outcome.lost());
            }
        }
        System.exit(0);
    }

    /** Each folder's parent: the first ten at the top, each later one under a random earlier one less than 5 deep. */
    static Map<String, String> hierarchy(Workload org) {
        Random random = new Random(SEED);
        List<String> ids = new ArrayList<>(org.namesById().keySet());
        ids.sort(null);
        Map<String, String> parents = new HashMap<>();
        Map<String, Integer> depth = new HashMap<>();
        List<String> canHaveChildren = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (i < 10) {
                parents.put(id, "organizations/1");
                depth.put(id, 1);
            } else {
                String parent = canHaveChildren.get(random.nextInt(canHaveChildren.size()));
                parents.put(id, "folders/" + parent);
                depth.put(id, depth.get(parent) + 1);
            }
            if (depth.get(id) < MAX_DEPTH) {
                canHaveChildren.add(id);
            }
        }
        return parents;
    }

    static FolderTree tree(Workload org, Map<String, String> parents) {
        FolderTree tree = new FolderTree();
        org.namesById().forEach((id, name) -> tree.add(id, parents.get(id), name));
        return tree;
    }

    /** A freshly booted service, the batch through its inbox; the clock starts when the file is dropped. */
    private static Outcome service(Workload workload, String endpoint, boolean bulk, boolean paths) throws Exception {
        Path work = Files.createTempDirectory("bulk-benchmark-");
        Map<String, String> overrides = ServiceProcess.fileOnlyProperties(endpoint, GET_QUOTA, work.resolve("inbox"),
                work.resolve("outbox"));
        overrides.put("resolver.bulk.enabled", Boolean.toString(bulk));
        overrides.put("output.paths", Boolean.toString(paths));
        try (BootedService service = BootedService.boot(overrides)) {
            ServiceThroughRoute.warmUp(work);
            Path staged = BatchFiles.stage(work.resolve("inbox"), BATCH_ID + ".txt", workload.batch());
            long start = System.nanoTime();
            BatchFiles.drop(staged, BATCH_ID + ".txt");
            Path result = BatchFiles.awaitResult(work.resolve("outbox"), BATCH_ID, Duration.ofHours(1));
            return new Outcome(Duration.ofNanos(System.nanoTime() - start), workload.lost(BatchFiles.resolvedNames(result)));
        } finally {
            BatchFiles.deleteRecursively(work);
        }
    }

    /** Camel's start-up chatter would bury the table; the warm-up's own lines (its choice) still show. */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        if (LoggerFactory.getLogger("io.folderresolver.resolver.BulkWarmUp") instanceof ch.qos.logback.classic.Logger warmUp) {
            warmUp.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
}
