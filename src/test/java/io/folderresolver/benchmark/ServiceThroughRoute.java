package io.folderresolver.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.folderresolver.testing.BootedService;
import io.folderresolver.testing.ServiceProcess;

/**
 * The service as it runs in production: the real Camel Main, config and routes, fed a batch file through its
 * inbox. Each run boots a fresh service in a fresh temporary work folder, so nothing is cached between runs.
 */
final class ServiceThroughRoute implements Implementation {

    private static final String BATCH_ID = "benchmark-batch";
    private static final String WARM_UP_ID = "warm-up";
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "service";
    }

    @Override
    public Outcome run(Scenario scenario, Workload workload, String endpoint) throws Exception {
        Path work = Files.createTempDirectory("folder-resolver-benchmark-");
        try (BootedService service = BootedService.boot(overrides(scenario, endpoint, work))) {
            checkPoolSize(scenario.poolSize(), service);
            warmUp(work);
            Path staged = BatchFiles.stage(inbox(work), BATCH_ID + ".txt", workload.batch());
            long start = System.nanoTime();
            BatchFiles.drop(staged, BATCH_ID + ".txt");
            Path result = BatchFiles.awaitResult(outbox(work), BATCH_ID, timeout(scenario));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            return new Outcome(wall, workload.lost(BatchFiles.resolvedNames(result)));
        } finally {
            BatchFiles.deleteRecursively(work);
        }
    }

    /**
     * Measures the running service, not its start-up: the file consumer's first poll comes a second after the
     * route starts (Camel's default initial delay), and the first exchange pays for class loading. A batch with
     * no IDs goes through the whole route without calling the API, so the stand-in's counters stay untouched.
     */
    static void warmUp(Path work) throws Exception {
        Path staged = BatchFiles.stage(inbox(work), WARM_UP_ID + ".txt", List.of("# warm-up: no folder IDs"));
        BatchFiles.drop(staged, WARM_UP_ID + ".txt");
        BatchFiles.awaitResult(outbox(work), WARM_UP_ID, WARM_UP_TIMEOUT);
    }

    private static Map<String, String> overrides(Scenario scenario, String endpoint, Path work) {
        // The benchmark's own stand-in, reached like any external Folders API; only the file route, polled often.
        Map<String, String> overrides = ServiceProcess.fileOnlyProperties(endpoint, scenario.quotaPerSecond(),
                inbox(work), outbox(work));
        // One GetFolder per unique ID, as the old script: the bulk warm-up has its own benchmark (BulkBenchmark).
        overrides.put("resolver.bulk.enabled", "false");
        scenario.poolSize().ifPresent(size -> {
            overrides.put("camel.threadpool.config[folder-split].pool-size", Integer.toString(size));
            overrides.put("camel.threadpool.config[folder-split].max-pool-size", Integer.toString(size));
        });
        return overrides;
    }

    /** A sweep whose override silently did not take would measure the shipped pool six times. */
    private static void checkPoolSize(OptionalInt wanted, BootedService service) {
        if (wanted.isPresent() && service.splitPoolSize() != wanted.getAsInt()) {
            throw new IllegalStateException("asked for a folder-split pool of " + wanted.getAsInt()
                    + " threads but the service has " + service.splitPoolSize());
        }
    }

    /** Far beyond any sane run, yet a hung service still ends the benchmark. */
    private static Duration timeout(Scenario scenario) {
        return Duration.ofSeconds(60 + (long) (10 * scenario.idealSeconds()));
    }

    private static Path inbox(Path work) {
        return work.resolve("inbox");
    }

    private static Path outbox(Path work) {
        return work.resolve("outbox");
    }
}
