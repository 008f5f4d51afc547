package io.folderresolver.local.assets;

import java.util.concurrent.atomic.LongAdder;

/** What the Cloud Asset stand-in was asked, for tests and benchmarks. */
public final class AssetCallCounters {

    private final LongAdder listCalls = new LongAdder();
    private final LongAdder searchCalls = new LongAdder();
    private final LongAdder resourceExhausted = new LongAdder();

    void listCalled() {
        listCalls.increment();
    }

    void searchCalled() {
        searchCalls.increment();
    }

    void refusedForQuota() {
        resourceExhausted.increment();
    }

    /** ListAssets calls, refused ones included. */
    public long listCalls() {
        return listCalls.sum();
    }

    /** SearchAllResources calls, refused ones included. */
    public long searchCalls() {
        return searchCalls.sum();
    }

    /** Calls answered RESOURCE_EXHAUSTED for a quota a minute. */
    public long resourceExhausted() {
        return resourceExhausted.sum();
    }
}
