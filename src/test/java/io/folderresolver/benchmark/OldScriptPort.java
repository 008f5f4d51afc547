package io.folderresolver.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.cloud.resourcemanager.v3.FoldersClient;

/**
 * The script the service replaces, ported line for line so its figures are its own: 5 worker threads, a plain
 * dictionary as cache, a fixed 100 ms sleep before every cache miss as its only rate limit, no retries, errors
 * printed and dropped, and a {"folder_{idx}_name": name} output.
 */
final class OldScriptPort implements Implementation {

    private static final int THREADS = 5;
    private static final long SLEEP_BEFORE_CALL_MILLIS = 100;
    private static final String KEY_PREFIX = "folder_";
    private static final String KEY_SUFFIX = "_name";

    @Override
    public String name() {
        return "old script";
    }

    @Override
    public Outcome run(Scenario scenario, Workload workload, String endpoint) throws Exception {
        FoldersClient client = RetrylessFoldersClient.open(endpoint);
        try {
            // Concurrent maps only so the JVM's memory model holds; the check-then-put below is the script's own
            // race, so two threads missing the same ID both call the API.
            Map<String, String> cache = new ConcurrentHashMap<>();
            Map<String, String> output = new ConcurrentHashMap<>();
            AtomicInteger errors = new AtomicInteger();
            List<String> batch = workload.batch();

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            try {
                for (int idx = 0; idx < batch.size(); idx++) {
                    int index = idx;
                    String folderId = batch.get(idx);
                    pool.submit(() -> resolveOne(client, cache, output, errors, index, folderId));
                }
                pool.shutdown();
                if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                    throw new IllegalStateException("the old script did not finish within an hour");
                }
            } finally {
                pool.shutdownNow();
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            System.err.printf("old script: %d errors printed and dropped%n", errors.get());
            return new Outcome(wall, workload.lost(byIndex(output)));
        } finally {
            client.close();
            client.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void resolveOne(FoldersClient client, Map<String, String> cache, Map<String, String> output,
            AtomicInteger errors, int idx, String folderId) {
        String key = KEY_PREFIX + idx + KEY_SUFFIX;
        if (cache.containsKey(folderId)) {
            output.put(key, cache.get(folderId));
            return;
        }
        try {
            Thread.sleep(SLEEP_BEFORE_CALL_MILLIS);
            String name = client.getFolder("folders/" + folderId).getDisplayName();
            cache.put(folderId, name);
            output.put(key, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            errors.incrementAndGet();
            System.err.println("Error resolving folder " + folderId + ": " + e.getMessage());
        }
    }

    /** Reads the script's output keys back into input positions, to count what it lost. */
    private static Map<Integer, String> byIndex(Map<String, String> output) {
        Map<Integer, String> byIndex = new HashMap<>();
        output.forEach((key, name) -> byIndex.put(
                Integer.parseInt(key.substring(KEY_PREFIX.length(), key.length() - KEY_SUFFIX.length())), name));
        return byIndex;
    }
}
