package io.folderresolver.standin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the stand-in has answered, so tests and benchmarks can count real API calls. */
public final class CallCounters {

    private final LongAdder getFolderCalls = new LongAdder();
    private final LongAdder resourceExhausted = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final Map<String, LongAdder> callsPerFolderId = new ConcurrentHashMap<>();

    void getFolderCalled(String folderId) {
        getFolderCalls.increment();
        callsPerFolderId.computeIfAbsent(folderId, id -> new LongAdder()).increment();
    }

    void resourceExhaustedAnswered() {
        resourceExhausted.increment();
    }

    void unavailableAnswered() {
        unavailable.increment();
    }

    public long getFolderCalls() {
        return getFolderCalls.sum();
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
        resourceExhausted.reset();
        unavailable.reset();
        callsPerFolderId.clear();
    }
}
