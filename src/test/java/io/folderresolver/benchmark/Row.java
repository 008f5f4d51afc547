package io.folderresolver.benchmark;

/**
 * One measured run, with the figures the targets are stated in. The API-side figures come from the stand-in's
 * own counters, so no implementation can flatter itself.
 */
record Row(String scenario, String implementation, double wallSeconds, double idealSeconds, long getFolderCalls,
        int uniqueIds, long resourceExhausted, int lost) {

    /** 1.00 means the batch took exactly as long as the quota forces; below 1 would mean the quota was exceeded. */
    double wallOverIdeal() {
        return wallSeconds / idealSeconds;
    }

    /** 1.00 means every unique ID was asked once; more means duplicate or retried calls. */
    double callsPerUniqueId() {
        return (double) getFolderCalls / uniqueIds;
    }
}
