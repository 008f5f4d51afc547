package io.folderresolver.batch;

import java.time.Clock;
import java.util.List;

/** The route's step from "results in completion order" to the batch's report. */
public final class BatchReporter {

    private final Clock clock;

    public BatchReporter(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param results what the split aggregated: a list of {@link FolderResult}; for a batch with no entries the
     *                split aggregates nothing and leaves the body as it was, which counts as no results
     */
    public BatchReport report(Batch batch, Object results) {
        List<FolderResult> list = results instanceof List<?> items
                ? items.stream().map(FolderResult.class::cast).toList()
                : List.of();
        return BatchReport.of(batch, list, clock);
    }
}
