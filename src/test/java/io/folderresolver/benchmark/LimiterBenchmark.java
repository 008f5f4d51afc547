package io.folderresolver.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.local.folders.CallCounters.Arrival;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.BootedService;
import io.folderresolver.testing.BusiestSecond;
import io.folderresolver.testing.ServiceProcess;

/**
 * The rate limiter and the outage handling against a Folders API stand-in that timestamps every call as it arrives
 * (on the wire, not where tokens are taken). The service is booted as its main method boots it; a batch file of
 * unique IDs goes through its inbox. Three runs:
 * <ul>
 * <li>{@code strict}: quota 10/s with no burst (calls closer than 100 ms are refused), {@code resolver.rate=10},
 * 300 IDs; {@code strict-long}: the same with 1,000 IDs, where the start (the first refusal) weighs less;</li>
 * <li>{@code shared}: quota 20/s (a second's worth of burst), another client taking 10/s of it all along,
 * {@code resolver.rate=20}, 1,000 IDs;</li>
 * <li>{@code outage}: quota 20/s with no burst, {@code resolver.rate=20}, 400 IDs, the stand-in answering UNAVAILABLE
 * to everything for 15 s a third of the way in.</li>
 * </ul>
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.folderresolver.benchmark.LimiterBenchmark -Dexec.args="strict shared outage"
 * </pre>
 */
public final class LimiterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTHER_CLIENTS_ID = "999999999999";
    private static final long SECOND = 1_000_000_000L;

    private LimiterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> runs = args.length == 0 ? List.of("strict", "shared", "outage") : List.of(args);
        System.out.println("| Run | Wall (s) | Ideal (s) | Our calls | Our RESOURCE_EXHAUSTED | Ideal ÷ wall | Accepted on the wire ÷ our share | Busiest second, our calls (bound) | FAILED | Notes |");
        System.out.println("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --- |");
        for (String run : runs) {
            switch (run) {
                case "strict" -> measure("strict: quota 10/s burst 1, rate 10, 300 IDs", 10, 1, 10, 0, 300, false);
                case "strict-long" -> measure("strict: quota 10/s burst 1, rate 10, 1000 IDs", 10, 1, 10, 0, 1000, false);
                case "shared" -> measure("shared: quota 20/s burst 20, another client 10/s, rate 20, 1000 IDs", 20, 20, 20, 10, 1000, false);
                case "outage" -> measure("outage: quota 20/s burst 1, rate 20, 400 IDs, 15 s UNAVAILABLE", 20, 1, 20, 0, 400, true);
                default -> throw new IllegalArgumentException("unknown run " + run + ": strict, strict-long, shared, outage");
            }
        }
        System.exit(0);
    }

    private static void measure(String name, int quota, int quotaBurst, int rate, int otherRate, int ids, boolean outage)
            throws Exception {
        Workload workload = Workload.generate(ids, ids, 20_261_201L);
        StandInBehaviour behaviour = StandInBehaviour.immediate().withLatency(Duration.ofMillis(20), Duration.ofMillis(10))
                .withQuota(quota, quotaBurst);
        Path work = Files.createTempDirectory("limiter-benchmark-");
        AtomicBoolean running = new AtomicBoolean(true);
        try (FoldersStandIn standIn = FoldersStandIn.start(workload.tree().add(OTHER_CLIENTS_ID, "organizations/1", "other"),
                behaviour, 0);
                BootedService service = BootedService.boot(overrides(standIn.address(), rate, work))) {
            standIn.counters().recordArrivals();
            Thread other = otherRate > 0 ? otherClient(standIn.address(), otherRate, running) : null;
            Path staged = BatchFiles.stage(work.resolve("inbox"), "limiter.txt", workload.batch());
            long start = System.nanoTime();
            BatchFiles.drop(staged, "limiter.txt");
            if (outage) {
                while (standIn.counters().getFolderCalls() < ids / 3) {
                    Thread.sleep(5);
                }
                standIn.unavailable(true);
                Thread.sleep(15_000);
                standIn.unavailable(false);
            }
            Path result = BatchFiles.awaitResult(work.resolve("outbox"), "limiter", Duration.ofMinutes(10));
            double wall = (System.nanoTime() - start) / 1e9;
            running.set(false);
            if (other != null) {
                other.join();
            }
            report(name, standIn.counters().arrivals(), wall, ids, rate, otherRate, quota, JSON.readTree(result.toFile()));
        } finally {
            running.set(false);
            BatchFiles.deleteRecursively(work);
        }
    }

    private static Map<String, String> overrides(String endpoint, int rate, Path work) {
        return ServiceProcess.fileOnlyProperties(endpoint, rate, work.resolve("inbox"), work.resolve("outbox"));
    }

    /** Someone else on the same project: one call every 1/rate s, refusals or not. */
    private static Thread otherClient(String endpoint, int rate, AtomicBoolean running) throws Exception {
        FoldersClient client = RetrylessFoldersClient.open(endpoint);
        Thread thread = new Thread(() -> {
            long next = System.nanoTime();
            while (running.get()) {
                try {
                    client.getFolder("folders/" + OTHER_CLIENTS_ID);
                } catch (RuntimeException refused) {
                    // RESOURCE_EXHAUSTED is part of sharing a quota
                }
                next += SECOND / rate;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            client.close();
        }, "other-client");
        thread.start();
        return thread;
    }

    private static void report(String name, List<Arrival> arrivals, double wall, int ids, int rate, int otherRate,
            int quota, JsonNode result) {
        List<Arrival> ours = arrivals.stream().filter(arrival -> !arrival.folderId().equals(OTHER_CLIENTS_ID))
                .sorted(java.util.Comparator.comparingLong(Arrival::nanos)).toList();
        long refused = ours.stream().filter(Arrival::refusedForQuota).count();
        double ourShare = quota - otherRate;
        double ideal = ids / ourShare;
        String notes = "";
        if (otherRate > 0) {
            // After 30 s: what did we get, and how often were we refused?
            long start = ours.get(0).nanos();
            List<Arrival> late = ours.stream().filter(arrival -> arrival.nanos() - start >= 30 * SECOND).toList();
            long lateRefused = late.stream().filter(Arrival::refusedForQuota).count();
            double lateSeconds = late.isEmpty() ? 0 : (late.get(late.size() - 1).nanos() - late.get(0).nanos()) / 1e9;
            notes = String.format("after 30 s: %.1f accepted calls/s (share %.0f), %.1f%% refused",
                    (late.size() - lateRefused) / Math.max(lateSeconds, 1e-9), ourShare,
                    100.0 * lateRefused / Math.max(1, late.size()));
        }
        // From the first call to the last as the server saw them: the quota used while the batch was at it.
        double onTheWire = (ours.get(ours.size() - 1).nanos() - ours.get(0).nanos()) / 1e9;
        double utilisation = (ours.size() - refused - 1) / onTheWire / ourShare;
        System.out.printf("| %s | %.1f | %.1f | %d | %d (%.1f%%) | %.2f | %.2f | %d (%d) | %d | %s |%n", name, wall,
                ideal, ours.size(), refused, 100.0 * refused / ours.size(), ideal / wall, utilisation,
                BusiestSecond.of(ours.stream().map(Arrival::nanos).toList()), rate + 1, result.get("statuses").path("FAILED").asInt(0), notes);
    }
}
