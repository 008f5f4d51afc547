package io.folderresolver.shared;

import java.util.Optional;

import io.folderresolver.resolver.FolderChange;
import io.folderresolver.resolver.FolderLookup;
import io.folderresolver.resolver.FolderResolver;
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
        FolderLookup answer = change.lookup();
        answers.keepIfNewer(change.folderId(), answer);
        redis.connection().ifPresent(connection -> {
            try {
                connection.sync().publish(channel, RedisJson.write(new Announced(change.folderId(), StoredAnswer.of(answer))));
            } catch (RedisException e) {
                redis.failed(e);
            }
        });
    }

    private static Optional<FolderChange> read(byte[] message) {
        try {
            return RedisJson.read(message, Announced.class).filter(announced -> announced.folderId() != null
                    && announced.answer() != null && announced.answer().status() != null)
                    .map(announced -> FolderChange.of(announced.folderId(), announced.answer().lookup()));
        } catch (java.time.format.DateTimeParseException unreadable) {
            LOG.debug("A folder change on Redis with a time this version cannot read, ignored");
            return Optional.empty();
        }
    }

    /** A change as the channel carries it: the folder, and the answer the cache keeps for it. */
    private record Announced(String folderId, StoredAnswer answer) {
    }
}
