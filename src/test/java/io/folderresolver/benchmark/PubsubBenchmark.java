package io.folderresolver.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.local.pubsub.PubSubStandIn;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.BootedService;

/**
 * The service through its Pub/Sub route, on the Pub/Sub and Folders stand-ins: batches published with the official
 * Publisher, results read with the official Subscriber. {@code quick} or {@code all} (more batches).
 */
public final class PubsubBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "pubsub-bench";

    private PubsubBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean all = args.length > 0 && args[0].equals("all");
        List<String> lines = new ArrayList<>();
        lines.add(warmLatency(all ? 200 : 50));
        for (int consumers : new int[] { 1, 2, 4 }) {
            lines.add(warmThroughput(consumers, all ? 100 : 30));
        }
        lines.add(coldAtQuota());
        System.out.println();
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** One batch in flight at a time: publish, wait for its result, publish the next. */
    private static String warmLatency(int batches) throws Exception {
        Workload workload = Workload.generate(100, 100, 7);
        try (Rig rig = new Rig(workload, StandInBehaviour.immediate().withLatency(Duration.ofMillis(20), Duration.ofMillis(10)), 1000, 1)) {
            rig.roundTrip("warm-up", workload.batch());
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < batches; i++) {
                micros.add(rig.roundTrip("latency-" + i, workload.batch()).toNanos() / 1000);
            }
            Collections.sort(micros);
            return String.format("| warm cache, 100-ID batches, one at a time (%d) | p50 %.1f ms | p99 %.1f ms |",
                    batches, micros.get(batches / 2) / 1000.0, micros.get((int) Math.ceil(batches * 0.99) - 1) / 1000.0);
        }
    }

    /** All batches published at once; time until every result arrived. */
    private static String warmThroughput(int consumers, int batches) throws Exception {
        Workload workload = Workload.generate(1000, 1000, 11);
        try (Rig rig = new Rig(workload, StandInBehaviour.immediate().withLatency(Duration.ofMillis(20), Duration.ofMillis(10)), 1000, consumers)) {
            rig.roundTrip("warm-up", workload.batch());
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                rig.publish("many-" + i, workload.batch());
            }
            rig.awaitResults(batches + 1, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("| warm cache, %d × 1000-ID batches at once, %d consumer(s) | %.2f s | %.1f batches/s |",
                    batches, consumers, seconds, batches / seconds);
        }
    }

    /** 10 batches of 100 IDs, 1000 unique, published at once against a 100/s quota. */
    private static String coldAtQuota() throws Exception {
        Workload workload = Workload.generate(1000, 1000, 13);
        List<String> ids = List.copyOf(workload.namesById().keySet());
        StandInBehaviour behaviour = StandInBehaviour.immediate()
                .withLatency(Duration.ofMillis(20), Duration.ofMillis(10)).withQuotaPerSecond(100);
        try (Rig rig = new Rig(workload, behaviour, 100, 1)) {
            rig.roundTrip("warm-up", List.of());
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                rig.publish("cold-" + i, ids.subList(i * 100, i * 100 + 100));
            }
            rig.awaitResults(11, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            int lost = 0;
            for (int i = 0; i < 10; i++) {
                JsonNode names = JSON.readTree(rig.results.get("cold-" + i).getData().toByteArray()).get("names");
                for (int j = 0; j < 100; j++) {
                    JsonNode name = names.get("folder_" + j + "_name");
                    if (name == null || !name.asText().equals(workload.namesById().get(ids.get(i * 100 + j)))) {
                        lost++;
                    }
                }
            }
            return String.format("| cold cache, quota 100/s, 10 × 100 unique IDs at once | %.2f s | utilisation %.3f"
                    + " | calls ÷ unique %.3f | RESOURCE_EXHAUSTED %d | lost %d | results %d of 10 |",
                    seconds, 10.0 / seconds, rig.folders.counters().getFolderCalls() / 1000.0,
                    rig.folders.counters().resourceExhausted(), lost, rig.results.size() - 1);
        }
    }

    /** Both stand-ins, the booted service, and the benchmark's publisher and result subscriber. */
    private static final class Rig implements AutoCloseable {
        final FoldersStandIn folders;
        final PubSubStandIn pubsub;
        final BootedService service;
        final PubSubClients clients;
        final Publisher publisher;
        final Map<String, PubsubMessage> results = new ConcurrentHashMap<>();
        final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();

        Rig(Workload workload, StandInBehaviour behaviour, int rate, int consumers) throws Exception {
            folders = FoldersStandIn.start(workload.tree(), behaviour, 0);
            pubsub = PubSubStandIn.start(0);
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("folders.emulator.enabled", "false");
            overrides.put("folders.endpoint", folders.address());
            overrides.put("folders.plaintext", "true");
            overrides.put("resolver.rate", Integer.toString(rate));
            overrides.put("demo.seed-sample-input", "false");
            overrides.put("pubsub.emulator.host", pubsub.address());
            overrides.put("gcp.project", PROJECT);
            overrides.put("ingest.pubsub.concurrent-consumers", Integer.toString(consumers));
            overrides.put("output.file.enabled", "false");
            overrides.put("ingest.file.dir", System.getProperty("java.io.tmpdir") + "/pubsub-bench-unused-inbox");
            service = BootedService.boot(overrides);
            clients = new PubSubClients(pubsub.address());
            clients.subscriber(clients.createSubscription("projects/" + PROJECT + "/topics/folder-names"),
                    (message, reply) -> {
                        arrivedAt.put(message.getAttributesOrThrow("batchId"), System.nanoTime());
                        results.put(message.getAttributesOrThrow("batchId"), message);
                        reply.ack();
                    });
            publisher = clients.publisher("projects/" + PROJECT + "/topics/folder-batches");
        }

        void publish(String batchId, List<String> ids) throws Exception {
            Map<String, Object> batch = Map.of("batchId", batchId, "folderIds", ids);
            clients.publish(publisher, PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom(JSON.writeValueAsBytes(batch))).build());
        }

        Duration roundTrip(String batchId, List<String> ids) throws Exception {
            long start = System.nanoTime();
            publish(batchId, ids);
            awaitResult(batchId, Duration.ofMinutes(2));
            return Duration.ofNanos(arrivedAt.get(batchId) - start);
        }

        void awaitResult(String batchId, Duration timeout) throws InterruptedException {
            awaitUntil(() -> results.containsKey(batchId), timeout, "no result for " + batchId);
        }

        void awaitResults(int count, Duration timeout) throws InterruptedException {
            awaitUntil(() -> results.size() >= count, timeout, "fewer than " + count + " results");
        }

        /** Polls every millisecond: a benchmark timing deliveries, not a test. */
        private static void awaitUntil(BooleanSupplier done, Duration timeout, String failure)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(failure);
                }
                Thread.sleep(1);
            }
        }

        @Override
        public void close() {
            clients.close();
            service.close();
            pubsub.close();
            folders.close();
        }
    }
}
