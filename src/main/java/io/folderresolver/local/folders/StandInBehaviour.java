package io.folderresolver.local.folders;

import java.time.Duration;
import java.util.Set;

/**
 * How the stand-in misbehaves, to look like the real API under load.
 *
 * @param latency              time before each answer
 * @param jitter               the latency varies uniformly by up to this much either way
 * @param quotaPerSecond       GetFolder calls allowed per second (a token bucket); calls beyond it answer
 *                             RESOURCE_EXHAUSTED; 0 means no quota
 * @param quotaBurst           calls the quota allows at once; 0 means one second's worth
 * @param unavailableRate      share of calls (0..1) that answer UNAVAILABLE at random
 * @param notFoundIds          folder IDs that answer NOT_FOUND
 * @param permissionDeniedIds  folder IDs that answer PERMISSION_DENIED (unknown IDs do too, like the real API)
 * @param searchQuotaPerSecond SearchFolders calls allowed per second, a quota of its own as on the real API
 *                             (burst: one second's worth); 0 means no quota
 * @param searchPageCap        the most folders a SearchFolders page holds, whatever the page size asked (Google
 *                             promises none: "the server can return fewer"); 0 means 1,000
 * @param searchLag            how long SearchFolders keeps showing a folder as it was before a
 *                             {@link FolderTree#update change} (search is eventually consistent); zero means none
 * @param quotaPerMinute       GetFolder calls allowed per minute on top of the per-second quota, as Google counts
 *                             both windows (10/s and 600/min for reads); 0 means no such window
 */
public record StandInBehaviour(
        Duration latency,
        Duration jitter,
        int quotaPerSecond,
        int quotaBurst,
        double unavailableRate,
        Set<String> notFoundIds,
        Set<String> permissionDeniedIds,
        int searchQuotaPerSecond,
        int searchPageCap,
        Duration searchLag,
        int quotaPerMinute) {

    public static StandInBehaviour immediate() {
        return new StandInBehaviour(Duration.ZERO, Duration.ZERO, 0, 0, 0.0, Set.of(), Set.of(), 0, 0, Duration.ZERO, 0);
    }

    public StandInBehaviour withLatency(Duration latency, Duration jitter) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, unavailableRate, notFoundIds, permissionDeniedIds, searchQuotaPerSecond, searchPageCap, searchLag, quotaPerMinute);
    }

    public StandInBehaviour withQuotaPerSecond(int quota) {
        return new StandInBehaviour(latency, jitter, quota, quotaBurst, unavailableRate, notFoundIds, permissionDeniedIds, searchQuotaPerSecond, searchPageCap, searchLag, quotaPerMinute);
    }

    /** A quota that allows at most {@code burst} calls at once: {@code burst} 1 spaces calls strictly. */
    public StandInBehaviour withQuota(int perSecond, int burst) {
        return new StandInBehaviour(latency, jitter, perSecond, burst, unavailableRate, notFoundIds, permissionDeniedIds, searchQuotaPerSecond, searchPageCap, searchLag, quotaPerMinute);
    }

    public StandInBehaviour withSearchQuota(int perSecond) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, unavailableRate, notFoundIds, permissionDeniedIds, perSecond, searchPageCap, searchLag, quotaPerMinute);
    }

    public StandInBehaviour withUnavailableRate(double rate) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, rate, notFoundIds, permissionDeniedIds, searchQuotaPerSecond, searchPageCap, searchLag, quotaPerMinute);
    }

    public StandInBehaviour withNotFound(Set<String> ids) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, unavailableRate, Set.copyOf(ids), permissionDeniedIds, searchQuotaPerSecond, searchPageCap, searchLag, quotaPerMinute);
    }

    public StandInBehaviour withPermissionDenied(Set<String> ids) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, unavailableRate, notFoundIds, Set.copyOf(ids), searchQuotaPerSecond, searchPageCap, searchLag, quotaPerMinute);
    }

    public StandInBehaviour withSearchPageCap(int cap) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, unavailableRate, notFoundIds, permissionDeniedIds, searchQuotaPerSecond, cap, searchLag, quotaPerMinute);
    }

    public StandInBehaviour withSearchLag(Duration lag) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, unavailableRate, notFoundIds, permissionDeniedIds, searchQuotaPerSecond, searchPageCap, lag, quotaPerMinute);
    }

    public StandInBehaviour withQuotaPerMinute(int perMinute) {
        return new StandInBehaviour(latency, jitter, quotaPerSecond, quotaBurst, unavailableRate, notFoundIds, permissionDeniedIds, searchQuotaPerSecond, searchPageCap, searchLag, perMinute);
    }
}
