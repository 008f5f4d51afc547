package io.folderresolver.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One line of work to measure: the stand-in's latency and quota, the batch's shape, and which implementations
 * run it. {@code poolSize} empty means the service runs with the shipped pool size.
 */
record Scenario(String name, int quotaPerSecond, Duration latency, Duration jitter, int uniqueIds, int entries,
        OptionalInt poolSize, boolean withScript) {

    private static final Duration NEARBY = Duration.ofMillis(20);
    private static final Duration FAR = Duration.ofMillis(50);
    private static final Duration JITTER = Duration.ofMillis(10);
    static final int[] SWEPT_POOL_SIZES = { 1, 2, 4, 8, 16, 32 };

    /** Scenario 1: the default quota, where the old script overran it. */
    static Scenario lowQuota() {
        return new Scenario("1: 10/s, 20±10 ms, 200 in 600", 10, NEARBY, JITTER, 200, 600, OptionalInt.empty(), true);
    }

    /** Scenario 2: a raised quota, where the old script's fixed sleep left most of it unused. */
    static Scenario highQuota() {
        return new Scenario("2: 100/s, 20±10 ms, 1000 in 5000", 100, NEARBY, JITTER, 1000, 5000, OptionalInt.empty(), true);
    }

    /** Scenario 3: the service alone, one run per pool size, to check the sizing advice in docs/configuration.md. */
    static List<Scenario> poolSweep() {
        List<Scenario> sweep = new ArrayList<>();
        for (int size : SWEPT_POOL_SIZES) {
            sweep.add(new Scenario("3: 100/s, 50±10 ms, 500 in 1000, pool " + size, 100, FAR, JITTER, 500,
                    1000, OptionalInt.of(size), false));
        }
        return sweep;
    }

    /** The wall time a caller could not beat without exceeding the quota: one call per unique ID. */
    double idealSeconds() {
        return (double) uniqueIds / quotaPerSecond;
    }
}
