package io.folderresolver.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.folderresolver.batch.Batch;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.BatchInput;
import io.folderresolver.batch.BatchLimits;
import io.folderresolver.batch.BatchParser;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.output.ResultDocument;
import io.folderresolver.output.ResultFiles;
import io.folderresolver.testing.BootedService;
import io.folderresolver.testing.ServiceProcess;

/**
 * A warm batch of 100,000 unique IDs (every name already cached) through the service's route, booted as its main
 * method boots it and fed through its inbox, side by side with a plain-Java program doing the same work in the same
 * JVM: the same streaming parser, one map lookup per ID on 16 threads, the same result document. Prints wall time,
 * IDs per second and process CPU time per 100,000 IDs, nine runs each, alternately, after untimed ones, and the medians.
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.folderresolver.benchmark.WarmPathBenchmark
 * </pre>
 */
public final class WarmPathBenchmark {

    private static final int IDS = 100_000;
    private static final int THREADS = 16;
    private static final int RUNS = 9;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private WarmPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Workload workload = Workload.generate(IDS, IDS, 20_261_202L);
        Path work = Files.createTempDirectory("warm-path-benchmark-");
        System.out.println("| Implementation | Run | Wall (ms) | IDs/s | CPU ms per 100k IDs |");
        System.out.println("| --- | --: | --: | --: | --: |");
        try (FoldersStandIn standIn = FoldersStandIn.start(workload.tree(), StandInBehaviour.immediate(), 0);
                BootedService service = BootedService.boot(overrides(standIn.address(), work))) {
            // Cold, untimed: one listing fills the cache; then one untimed warm run for the JIT.
            runThroughRoute(workload, work, "cold");
            runThroughRoute(workload, work, "warm0");
            Map<String, String> names = workload.namesById();
            plainJava(workload, work, names);
            // Alternately, so drift on the machine (GC, other work) falls on both alike.
            long[] route = new long[RUNS];
            long[] plain = new long[RUNS];
            for (int run = 1; run <= RUNS; run++) {
                route[run - 1] = print("service (route)", run, runThroughRoute(workload, work, "warm" + run));
                plain[run - 1] = print("plain Java", run, plainJava(workload, work, names));
            }
            System.out.printf("%nMedian wall: route %d ms, plain Java %d ms: %.2f x%n", median(route) / 1_000_000,
                    median(plain) / 1_000_000, (double) median(route) / median(plain));
        } finally {
            BatchFiles.deleteRecursively(work);
        }
        System.exit(0);
    }

    private static Map<String, String> overrides(String endpoint, Path work) {
        Map<String, String> overrides = ServiceProcess.fileOnlyProperties(endpoint, 1000, work.resolve("inbox"),
                work.resolve("outbox"));
        overrides.put("resolver.bulk.threshold", "1");
        overrides.put("resolver.bulk.rate", "1000");
        overrides.put("resolver.cache.maximum-size", Integer.toString(2 * IDS));
        return overrides;
    }

    private record Measured(long wallNanos, long cpuNanos) {
    }

    private static Measured runThroughRoute(Workload workload, Path work, String batchId) throws Exception {
        Path staged = BatchFiles.stage(work.resolve("inbox"), batchId + ".txt", workload.batch());
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        BatchFiles.drop(staged, batchId + ".txt");
        Path result = BatchFiles.awaitResult(work.resolve("outbox"), batchId, Duration.ofMinutes(10));
        Measured measured = new Measured(System.nanoTime() - start, OS.getProcessCpuTime() - cpu);
        if (workload.lost(BatchFiles.resolvedNames(result)) != 0) {
            throw new IllegalStateException("the route lost names in " + batchId);
        }
        return measured;
    }

    /** What the route does for a warm batch, by hand: parse, look up on 16 threads, write the same document. */
    private static Measured plainJava(Workload workload, Path work, Map<String, String> names) throws Exception {
        Path file = work.resolve("plain.txt");
        Files.write(file, workload.batch());
        Path outbox = Files.createDirectories(work.resolve("plain-outbox"));
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        BatchParser parser = new BatchParser(Clock.systemUTC(), new BatchLimits(Long.MAX_VALUE, 2 * IDS));
        BatchInput input = BatchInput.ofFile(file);
        Batch batch = parser.scan(input);
        ResultDocument document = new ResultFiles(outbox, Clock.systemUTC()).open(batch);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (BatchParser.CloseableEntries entries = parser.entries(input)) {
            while (entries.hasNext()) {
                BatchEntry entry = entries.next();
                pool.execute(() -> document.add(new FolderResult(entry.index(), entry.folderId(),
                        names.get(entry.folderId()), FolderStatus.RESOLVED, null)));
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        document.finish();
        Measured measured = new Measured(System.nanoTime() - start, OS.getProcessCpuTime() - cpu);
        BatchFiles.deleteRecursively(outbox);
        return measured;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long print(String implementation, int run, Measured measured) {
        System.out.printf("| %s | %d | %d | %,.0f | %d |%n", implementation, run, measured.wallNanos() / 1_000_000,
                IDS / (measured.wallNanos() / 1e9), measured.cpuNanos() / 1_000_000 * 100_000 / IDS);
        return measured.wallNanos();
    }
}
