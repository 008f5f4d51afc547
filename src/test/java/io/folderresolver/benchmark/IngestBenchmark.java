package io.folderresolver.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.ServiceProcess;

/**
 * Ingestion figures of the packaged service ({@code java -jar}, {@code -Xmx256m}) against a Folders API stand-in
 * in this JVM with no latency and no quota, so what is measured is the service, not the API:
 * <ul>
 * <li>{@code sizes}: one batch file of 10k, 100k and 1M unique IDs, each on a fresh service: wall time from drop to
 * visible result, peak heap (from the GC log), peak RSS (VmHWM), result size;</li>
 * <li>{@code files}: 2,000 small files of cached IDs dropped at once, shipped poll and settle times: files per second;</li>
 * <li>{@code fairness}: a 10-ID batch of cached IDs dropped while a 1M-ID batch runs: time to its result.</li>
 * </ul>
 * <pre>
 * mvn -q -DskipTests package && mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.folderresolver.benchmark.IngestBenchmark -Dexec.args="sizes files fairness"
 * </pre>
 */
public final class IngestBenchmark {

    private static final int LARGEST = 1_000_000;
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");

    private final FoldersStandIn standIn;
    private final Path work;

    private IngestBenchmark(FoldersStandIn standIn, Path work) {
        this.standIn = standIn;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = args.length == 0 ? List.of("sizes", "files", "fairness") : List.of(args);
        FolderTree tree = new FolderTree();
        for (int i = 0; i < LARGEST; i++) {
            tree.add(folderId(i), "organizations/1", "folder-" + i);
        }
        try (FoldersStandIn standIn = FoldersStandIn.start(tree, StandInBehaviour.immediate(), 0)) {
            IngestBenchmark benchmark = new IngestBenchmark(standIn, Files.createTempDirectory("ingest-bench"));
            for (String mode : modes) {
                switch (mode) {
                    case "sizes" -> benchmark.sizes();
                    case "files" -> benchmark.files();
                    case "fairness" -> benchmark.fairness();
                    default -> throw new IllegalArgumentException("unknown mode " + mode + ": sizes, files, fairness");
                }
            }
        }
        System.exit(0);
    }

    static String folderId(int i) {
        return Long.toString(100_000_000_000L + i);
    }

    private void sizes() throws Exception {
        System.out.println("| Entries (unique IDs) | Wall time (s) | IDs per second | Heap before GC, max (MB) | Heap after GC, max (MB) | Peak RSS (MB) | Result (MB) |");
        System.out.println("| --: | --: | --: | --: | --: | --: | --: |");
        for (int entries : new int[] { 10_000, 100_000, LARGEST }) {
            Path run = Files.createDirectories(work.resolve("sizes-" + entries));
            Path gcLog = run.resolve("gc.log");
            try (ServiceProcess service = start(run, Map.of(), List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog))) {
                long started = System.nanoTime();
                drop(run, "ids-" + entries + ".txt", 0, entries);
                Path result = awaitResults(run, 1, Duration.ofMinutes(30)).get(0);
                double seconds = (System.nanoTime() - started) / 1e9;
                long rssKb = peakRssKb(service.pid());
                long[] heap = heapMb(gcLog);
                System.out.printf("| %,d | %.1f | %,.0f | %d | %d | %d | %.1f |%n", entries, seconds, entries / seconds,
                        heap[0], heap[1], rssKb / 1024, Files.size(result) / 1e6);
            }
        }
    }

    private void files() throws Exception {
        Path run = Files.createDirectories(work.resolve("files"));
        // Shipped poll delay and settle time: what a user gets.
        try (ServiceProcess service = start(run, Map.of("INGEST_FILE_POLL_DELAY", "500", "INGEST_FILE_SETTLE_TIME", "1s"),
                List.of("-Xmx256m"))) {
            drop(run, "warm-up.txt", 0, 100);
            awaitResults(run, 1, Duration.ofMinutes(5));
            Path staging = Files.createDirectories(run.resolve("staging"));
            int files = 2_000;
            for (int f = 0; f < files; f++) {
                StringBuilder ids = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    ids.append(folderId((f + i) % 100)).append('\n');
                }
                Files.writeString(staging.resolve("small-" + f + ".txt"), ids);
            }
            long started = System.nanoTime();
            for (int f = 0; f < files; f++) {
                Files.move(staging.resolve("small-" + f + ".txt"), run.resolve("inbox").resolve("small-" + f + ".txt"));
            }
            awaitResults(run, files + 1, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("| Small files (5 cached IDs each) | Wall time (s) | Files per second |%n| --: | --: | --: |%n");
            System.out.printf("| %,d | %.1f | %.0f |%n", files, seconds, files / seconds);
        }
    }

    private void fairness() throws Exception {
        Path run = Files.createDirectories(work.resolve("fairness"));
        try (ServiceProcess service = start(run, Map.of(), List.of("-Xmx256m"))) {
            drop(run, "warm-up.txt", 0, 10);
            awaitResults(run, 1, Duration.ofMinutes(5));
            long alone = timeSmallBatch(run, "alone.txt", 2);
            long callsBefore = standIn.counters().getFolderCalls();
            drop(run, "huge.txt", 1_000, LARGEST - 1_000);
            awaitCondition(() -> standIn.counters().getFolderCalls() - callsBefore >= LARGEST / 4, Duration.ofMinutes(30));
            long during = timeSmallBatch(run, "during.txt", 3);
            boolean hugeStillRunning = results(run).size() == 3;
            System.out.printf("| Small batch (10 cached IDs) | Time to result (ms) |%n| --- | --: |%n");
            System.out.printf("| alone | %d |%n| while a %,d-ID batch runs%s | %d |%n", alone, LARGEST,
                    hugeStillRunning ? "" : " (it had finished: not a valid run)", during);
        }
    }

    private long timeSmallBatch(Path run, String name, int expectedResults) throws Exception {
        long started = System.nanoTime();
        drop(run, name, 0, 10);
        awaitResults(run, expectedResults, Duration.ofMinutes(5));
        return (System.nanoTime() - started) / 1_000_000;
    }

    private ServiceProcess start(Path run, Map<String, String> extra, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Map<String, String> env = ServiceProcess.fileOnlyEnvironment(standIn.address(), 1_000_000,
                run.resolve("inbox"), run.resolve("outbox"));
        env.putAll(extra);
        Files.createDirectories(run.resolve("inbox"));
        Path log = run.resolve("service.log");
        ServiceProcess service = ServiceProcess.start(run, env, log, jvmOptions);
        // Timed from a running service: start-up is not what these figures are about.
        awaitCondition(() -> {
            try {
                return Files.isRegularFile(log) && Files.readString(log).contains(") started in ");
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofMinutes(2));
        return service;
    }

    private static void drop(Path run, String name, int from, int count) throws IOException {
        Path partial = run.resolve(name + ".partial");
        try (var out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            for (int i = from; i < from + count; i++) {
                out.write(folderId(i));
                out.write('\n');
            }
        }
        Files.move(partial, run.resolve("inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Path> results(Path run) throws IOException {
        Path outbox = run.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static List<Path> awaitResults(Path run, int count, Duration patience) throws Exception {
        awaitCondition(() -> {
            try {
                return results(run).size() >= count;
            } catch (IOException e) {
                return false;
            }
        }, patience);
        return results(run);
    }

    /** A benchmark may poll: it measures, it does not assert. */
    private static void awaitCondition(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + patience);
            }
            Thread.sleep(5);
        }
    }

    private static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * The largest heap occupancy any collection started from (how full G1 let the heap get), and the largest it left
     * (what was still live): the second is what grows if memory grows with the batch.
     */
    private static long[] heapMb(Path gcLog) throws IOException {
        long before = 0;
        long after = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher pause = GC_PAUSE.matcher(line);
            if (pause.find()) {
                before = Math.max(before, Long.parseLong(pause.group(1)));
                after = Math.max(after, Long.parseLong(pause.group(2)));
            }
        }
        return new long[] { before, after };
    }
}
