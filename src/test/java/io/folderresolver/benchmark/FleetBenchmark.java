package io.folderresolver.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.local.folders.CallCounters;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.BusiestSecond;
import io.folderresolver.testing.Fleet;
import io.folderresolver.testing.RedisServerProcess;

/**
 * 1, 2 and 4 replicas of the service (Camel contexts in this JVM) on one Pub/Sub subscription and one Folders API
 * stand-in with a strict quota of 10 calls/s (burst 1: calls closer than 100 ms apart are refused), each replica at
 * {@code resolver.rate=10}, with and without a shared real redis-server. The work: 1,000 unique IDs in 20 batches of
 * 100, every ID in two batches (2,000 entries), all published at once; bulk warm-up off, so every ID costs a
 * GetFolder. The limit is 1,000 calls at 10/s = 100 s.
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.folderresolver.benchmark.FleetBenchmark -Dexec.args="1 2 4"
 * </pre>
 * Arguments: replica counts; each runs with Redis, then without ({@code 2:redis} or {@code 2:none} for one).
 */
public final class FleetBenchmark {

    private static final int QUOTA = 10;
    private static final int UNIQUE = 1000;
    private static final int BATCHES = 20;
    private static final int BATCH_SIZE = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> runs = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"1", "2", "4"} : args) {
            if (arg.contains(":")) {
                runs.add(arg);
            } else {
                runs.add(arg + ":redis");
                runs.add(arg + ":none");
            }
        }
        System.out.println("| Replicas | Redis | Wall (s) | Wall ÷ 100 s | RESOURCE_EXHAUSTED | Answered GetFolder calls ÷ unique IDs | Busiest second on the wire | Results | Entries resolved |");
        System.out.println("| --: | --- | --: | --: | --: | --: | --: | --: | --: |");
        for (String run : runs) {
            String[] parts = run.split(":");
            System.out.println(measure(Integer.parseInt(parts[0]), parts[1].equals("redis")));
        }
        System.exit(0);
    }

    private static String measure(int replicas, boolean withRedis) throws Exception {
        List<String> ids = IntStream.range(0, UNIQUE).mapToObj(i -> Long.toString(400_000_000_000L + i * 7919L)).toList();
        StandInBehaviour strict = StandInBehaviour.immediate()
                .withLatency(Duration.ofMillis(20), Duration.ofMillis(10)).withQuota(QUOTA, 1);
        try (RedisServerProcess redis = withRedis ? RedisServerProcess.start() : null;
                Fleet fleet = Fleet.start(replicas, withRedis ? redis.uri() : null, Fleet.tree(ids), strict, QUOTA)) {
            fleet.folders.counters().recordArrivals();
            List<String> batchIds = new ArrayList<>();
            long start = System.nanoTime();
            for (int k = 0; k < BATCHES; k++) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < BATCH_SIZE; i++) {
                    // Batch k holds IDs 50k .. 50k + 99: each ID is in batch k and the next.
                    batch.add(ids.get((50 * k + i) % UNIQUE));
                }
                batchIds.add("fleet-" + k);
                fleet.publish("fleet-" + k, batch);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (!fleet.results.keySet().containsAll(batchIds)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every batch answered within 20 minutes");
                }
                Thread.sleep(5); // a benchmark timing arrivals, not a test
            }
            double wall = (System.nanoTime() - start) / 1e9;
            int resolved = 0;
            int results = 0;
            for (String batchId : batchIds) {
                results += fleet.results.get(batchId).size();
                JsonNode result = JSON.readTree(fleet.results.get(batchId).get(0).getData().toByteArray());
                resolved += result.get("resolved").asInt();
            }
            CallCounters calls = fleet.folders.counters();
            return String.format("| %d | %s | %.1f | %.2f | %d | %.2f | %d | %d of %d | %d of %d |", replicas,
                    withRedis ? "shared" : "none", wall, wall / (UNIQUE / (double) QUOTA), calls.resourceExhausted(),
                    (calls.getFolderCalls() - calls.resourceExhausted()) / (double) UNIQUE,
                    BusiestSecond.of(calls.arrivals().stream().map(CallCounters.Arrival::nanos).toList()), results,
                    BATCHES, resolved, BATCHES * BATCH_SIZE);
        }
    }
}
