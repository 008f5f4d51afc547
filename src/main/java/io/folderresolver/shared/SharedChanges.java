package io.folderresolver.shared;

import java.time.Instant;
import java.util.Optional;

import io.folderresolver.resolver.FolderChange;
import io.folderresolver.resolver.FolderResolver;
import io.folderresolver.resolver.Origin;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folder changes for every replica: a feed message reaches one replica (Pub/Sub delivers it once), which keeps it in
 * Redis for replicas that ask later ({@link SharedLookups#keepIfNewer}) and publishes it on the channel
 * {@code <prefix>:changes}, on which every replica applies it to its own cache as if the message had come to it
 * (never older over newer, so its own echo and re-orderings change nothing). While Redis is down a change stays with
 * the replica that got it; the others keep their name until it expires or reconciliation repairs it.
 */
public final class SharedChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SharedChanges.class);

    private final SharedRedis redis;
    private final SharedLookups answers;
    private final String channel;

    public SharedChanges(SharedRedis redis, SharedLookups answers, String prefix, FolderResolver resolver) {
        this.redis = redis;
        this.answers = answers;
        this.channel = prefix + ":changes";
        redis.subscribe(channel, message -> read(message).ifPresent(resolver::apply));
    }

    /** Tells every replica, and Redis, of a change this replica got. */
    public void announce(FolderChange change) {
        answers.keepIfNewer(change.folderId(), change.lookup());
        redis.connection().ifPresent(connection -> {
            try {
                connection.sync().publish(channel, RedisJson.write(Announced.of(change)));
            } catch (RedisException e) {
                redis.failed(e);
            }
        });
    }

    private static Optional<FolderChange> read(byte[] message) {
        Optional<FolderChange> change = RedisJson.read(message, Announced.class).flatMap(Announced::change);
        if (change.isEmpty()) {
            LOG.debug("A folder change on Redis this version cannot read, ignored");
        }
        return change;
    }

    /** A change as the channel carries it; times as ISO-8601 text. */
    private record Announced(String folderId, boolean gone, String displayName, String parent, String state,
            String via, String observedAt, String changedAt, String windowStart) {

        static Announced of(FolderChange change) {
            Origin origin = change.origin();
            return new Announced(change.folderId(), change.gone(), change.displayName(), change.parent(),
                    change.state(), origin.via(), text(origin.observedAt()), text(origin.changedAt()),
                    text(origin.windowStart()));
        }

        Optional<FolderChange> change() {
            if (folderId == null || via == null || observedAt == null) {
                return Optional.empty();
            }
            try {
                Origin origin = new Origin(via, Instant.parse(observedAt), instant(changedAt), instant(windowStart));
                return Optional.of(gone ? FolderChange.gone(folderId, origin)
                        : new FolderChange(folderId, displayName, parent, state, false, origin));
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }

        private static String text(Instant instant) {
            return instant == null ? null : instant.toString();
        }

        private static Instant instant(String text) {
            return text == null ? null : Instant.parse(text);
        }
    }
}
