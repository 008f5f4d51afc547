package io.folderresolver.local.folders;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** What the stand-in has answered, so tests and benchmarks can count real API calls. */
public final class CallCounters {

    private final LongAdder getFolderCalls = new LongAdder();
    private final LongAdder searchCalls = new LongAdder();
    private final LongAdder resourceExhausted = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final Map<String, LongAdder> callsPerFolderId = new ConcurrentHashMap<>();
    private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    /** Off unless a benchmark asks: a long-running local service must not keep every call. */
    private volatile boolean recordingArrivals;

    /** One GetFolder as it reached the stand-in: when ({@link System#nanoTime()}), for which ID, refused for quota or not. */
    public record Arrival(long nanos, String folderId, boolean refusedForQuota) {
    }

    void getFolderCalled(String folderId) {
        getFolderCalls.increment();
        callsPerFolderId.computeIfAbsent(folderId, id -> new LongAdder()).increment();
    }

    void searchCalled() {
        searchCalls.increment();
    }

    void arrived(String folderId, boolean refusedForQuota) {
        if (recordingArrivals) {
            arrivals.add(new Arrival(System.nanoTime(), folderId, refusedForQuota));
        }
    }

    /** From now on, keep every arrival for {@link #arrivals()}. */
    public void recordArrivals() {
        recordingArrivals = true;
    }

    void resourceExhaustedAnswered() {
        resourceExhausted.increment();
    }

    /** Every GetFolder in the order it arrived: what was sent, measured on the wire rather than at the sender. */
    public List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    void unavailableAnswered() {
        unavailable.increment();
    }

    public long getFolderCalls() {
        return getFolderCalls.sum();
    }

    /** SearchFolders calls (pages asked for), answered or refused. */
    public long searchCalls() {
        return searchCalls.sum();
    }

    public long getFolderCalls(String folderId) {
        LongAdder calls = callsPerFolderId.get(folderId);
        return calls == null ? 0 : calls.sum();
    }

    public long resourceExhausted() {
        return resourceExhausted.sum();
    }

    public long unavailable() {
        return unavailable.sum();
    }

    public void reset() {
        getFolderCalls.reset();
        searchCalls.reset();
        resourceExhausted.reset();
        unavailable.reset();
        callsPerFolderId.clear();
        arrivals.clear();
    }
}
