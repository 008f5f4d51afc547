package io.folderresolver.shared;

import java.time.Instant;

import io.folderresolver.batch.FolderStatus;
import io.folderresolver.resolver.FolderLookup;
import io.folderresolver.resolver.Origin;

/**
 * An answer as Redis keeps it (per ID) and as the changes channel carries it; times as ISO-8601 text, readable with
 * redis-cli. An older version wrote no origin.
 */
record StoredAnswer(FolderStatus status, String displayName, String parent, String error, String state,
        String via, String observedAt, String changedAt, String windowStart) {

    static StoredAnswer of(FolderLookup lookup) {
        Origin origin = lookup.origin();
        return new StoredAnswer(lookup.status(), lookup.displayName(), lookup.parent(), lookup.error(), lookup.state(),
                origin.via(), text(origin.observedAt()), text(origin.changedAt()), text(origin.windowStart()));
    }

    /** @throws java.time.format.DateTimeParseException for a time it cannot read */
    FolderLookup lookup() {
        Origin origin = via == null ? Origin.UNKNOWN
                : new Origin(via, instant(observedAt), instant(changedAt), instant(windowStart));
        return new FolderLookup(status, displayName, parent, error, state, origin);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
