package io.folderresolver.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.folderresolver.local.folders.CallCounters;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the service against a port of the old script on a Folders API stand-in with latency and an enforced
 * quota, and prints one markdown table row per run.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.folderresolver.benchmark.ResolverBenchmark -Dexec.args=quick
 * </pre>
 *
 * Arguments: {@code quick} (scenario 1, the default), {@code all}, or scenario numbers {@code 1 2 3}.
 */
public final class ResolverBenchmark {

    /** Same seed for every implementation and every rerun, so they all resolve the same batch. */
    private static final long SEED = 20_261_128L;

    private ResolverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> scenarios = select(args);
        quietLogs();
        List<Row> rows = new ArrayList<>();
        // Rows as they come, so a long run shows progress; the whole table again at the end, clean to paste.
        System.out.print(MarkdownTable.header());
        for (Scenario scenario : scenarios) {
            Workload workload = Workload.generate(scenario.uniqueIds(), scenario.entries(), SEED);
            List<Implementation> implementations = new ArrayList<>(List.of(new ServiceThroughRoute()));
            if (scenario.withScript()) {
                implementations.add(new OldScriptPort());
            }
            for (Implementation implementation : implementations) {
                Row row = measure(scenario, workload, implementation);
                rows.add(row);
                System.out.print(MarkdownTable.row(row));
            }
        }
        System.out.println();
        System.out.print(MarkdownTable.render(rows));
    }

    /** One run on a stand-in of its own, so the quota bucket and the counters start fresh. */
    static Row measure(Scenario scenario, Workload workload, Implementation implementation) throws Exception {
        StandInBehaviour behaviour = StandInBehaviour.immediate()
                .withLatency(scenario.latency(), scenario.jitter())
                .withQuotaPerSecond(scenario.quotaPerSecond());
        try (FoldersStandIn standIn = FoldersStandIn.start(workload.tree(), behaviour, 0)) {
            Outcome outcome = implementation.run(scenario, workload, standIn.address());
            CallCounters counters = standIn.counters();
            return new Row(scenario.name(), implementation.name(), outcome.wall().toNanos() / 1e9,
                    scenario.idealSeconds(), counters.getFolderCalls(), workload.uniqueIds(),
                    counters.resourceExhausted(), outcome.lost());
        }
    }

    private static List<Scenario> select(String[] args) {
        Set<String> chosen = new LinkedHashSet<>(args.length == 0 ? List.of("quick") : List.of(args));
        List<Scenario> scenarios = new ArrayList<>();
        for (String choice : chosen) {
            switch (choice) {
                case "quick", "1" -> scenarios.add(Scenario.lowQuota());
                case "2" -> scenarios.add(Scenario.highQuota());
                case "3" -> scenarios.addAll(Scenario.poolSweep());
                case "all" -> {
                    scenarios.add(Scenario.lowQuota());
                    scenarios.add(Scenario.highQuota());
                    scenarios.addAll(Scenario.poolSweep());
                }
                default -> throw new IllegalArgumentException(
                        "unknown argument '" + choice + "': expected quick, all, 1, 2 or 3");
            }
        }
        return scenarios.stream().distinct().toList();
    }

    /** Camel's start-up chatter, once per boot, would bury the table; warnings and errors still show. */
    private static void quietLogs() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
