package io.folderresolver.resolver;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where and when the service learned an answer, and which version of the folder it shows. {@code via} is
 * {@code get} (GetFolder), {@code search} (SearchFolders), {@code assets} (Cloud Asset Inventory's ListAssets or
 * SearchAllResources) or {@code feed} (a Cloud Asset Inventory feed message). {@code changedAt} is Google's time of
 * the change shown (the folder's or asset's {@code updateTime}), {@code windowStart} the feed's {@code window.startTime}
 * (which breaks ties between events of one update time); either may be null when Google gave none.
 */
public record Origin(String via, Instant observedAt, Instant changedAt, Instant windowStart) {

    /** An answer whose origin nobody recorded (a test's, or one kept by an older version): older than any other. */
    public static final Origin UNKNOWN = new Origin("unknown", Instant.EPOCH, null, null);

    private static final Comparator<Instant> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<Origin> CHANGE_ORDER = Comparator.comparing(Origin::version, NULLS_FIRST)
            .thenComparing(Origin::windowStart, NULLS_FIRST);

    /**
     * Whether this shows a later state of the folder than {@code other}: ordered by Google's update time (then the
     * feed window's start); an answer without one counts as of when it was observed (GetFolder is consistent: what it
     * answered was true then). Equal means the same change seen twice.
     */
    public boolean isNewerThan(Origin other) {
        return CHANGE_ORDER.compare(this, other) > 0;
    }

    private Instant version() {
        return changedAt != null ? changedAt : observedAt;
    }
}
