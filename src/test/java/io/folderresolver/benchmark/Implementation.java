package io.folderresolver.benchmark;

/** A way of resolving a scenario's batch against a Folders API at {@code endpoint}, timing itself. */
interface Implementation {

    String name();

    Outcome run(Scenario scenario, Workload workload, String endpoint) throws Exception;
}
