package io.folderresolver.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The result document of one batch: counts, every entry's result in completion order, and the old script's names map. */
@JsonPropertyOrder({ "batchId", "source", "receivedAt", "completedAt", "durationMillis", "total", "resolved", "failed",
        "statuses", "results", "names" })
public record BatchReport(
        String batchId,
        String source,
        String receivedAt,
        String completedAt,
        long durationMillis,
        int total,
        int resolved,
        int failed,
        Map<FolderStatus, Integer> statuses,
        List<FolderResult> results,
        Map<String, String> names) {

    /** Builds the report of a batch from its results, which are in the order they completed. */
    public static BatchReport of(Batch batch, List<FolderResult> resultsInCompletionOrder, Clock clock) {
        if (resultsInCompletionOrder.size() != batch.entries().size()) {
            throw new IllegalStateException("batch " + batch.batchId() + " has " + batch.entries().size()
                    + " entries but " + resultsInCompletionOrder.size() + " results");
        }
        Map<FolderStatus, Integer> statuses = new EnumMap<>(FolderStatus.class);
        for (FolderResult result : resultsInCompletionOrder) {
            statuses.merge(result.status(), 1, Integer::sum);
        }
        Map<String, String> names = new LinkedHashMap<>();
        resultsInCompletionOrder.stream()
                .filter(result -> result.status() == FolderStatus.RESOLVED)
                .sorted(Comparator.comparingInt(FolderResult::index))
                .forEach(result -> names.put("folder_" + result.index() + "_name", result.displayName()));
        Instant completedAt = clock.instant();
        int total = resultsInCompletionOrder.size();
        int resolved = statuses.getOrDefault(FolderStatus.RESOLVED, 0);
        return new BatchReport(batch.batchId(), batch.source(), batch.receivedAt().toString(), completedAt.toString(),
                Duration.between(batch.receivedAt(), completedAt).toMillis(), total, resolved, total - resolved,
                statuses, List.copyOf(resultsInCompletionOrder), names);
    }
}
