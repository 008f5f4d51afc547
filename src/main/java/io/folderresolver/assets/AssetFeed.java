package io.folderresolver.assets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.folderresolver.resolver.FolderChange;
import io.folderresolver.resolver.FolderResolver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a Cloud Asset Inventory feed to the cache: each folder message becomes the cache's answer for that folder
 * unless the cache knows a later change ({@link FolderResolver#apply}). The feed is a fast hint, not the truth:
 * Google may deliver late, twice, out of order or never, so order comes from the message's own times, and
 * reconciliation repairs what was lost.
 */
public final class AssetFeed {

    private static final Logger LOG = LoggerFactory.getLogger(AssetFeed.class);

    private final FolderResolver resolver;
    private final Consumer<FolderChange> othersToTell;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    /** The last folder message applied (its window start, or update time) and when it came. */
    private final AtomicReference<Received> last = new AtomicReference<>();

    private record Received(Instant changedAt, Instant receivedAt) {
    }

    /** @param othersToTell the other replicas (through Redis), told of every folder change this one gets */
    public AssetFeed(FolderResolver resolver, Consumer<FolderChange> othersToTell, Clock clock, MeterRegistry meters) {
        this.resolver = resolver;
        this.othersToTell = othersToTell;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("folder.resolver.asset.feed.lag.seconds", last, received -> lagSeconds(received.get()))
                .description("How long the last folder change took from Google (window.startTime) to this service")
                .register(meters);
        Gauge.builder("folder.resolver.asset.feed.last.message.seconds", last,
                        received -> received.get() == null ? 0 : received.get().receivedAt().getEpochSecond())
                .description("When the last folder message of the feed came (Unix seconds; 0 before the first)")
                .register(meters);
    }

    /**
     * Applies one message; what became of it ({@code applied}, {@code stale}, {@code deferred}, {@code full},
     * {@code welcome}, {@code other_asset}), also counted.
     *
     * @throws UnreadableFeedMessageException for a message to dead-letter (counted {@code unreadable})
     */
    public String apply(byte[] body) {
        FeedMessage message;
        try {
            message = FeedMessage.read(body, clock.instant());
        } catch (UnreadableFeedMessageException e) {
            count("unreadable");
            throw e;
        }
        String outcome;
        if (message instanceof FeedMessage.Welcome welcome) {
            LOG.info("The Cloud Asset Inventory feed says: {}", welcome.text());
            outcome = "welcome";
        } else if (message instanceof FeedMessage.OtherAsset other) {
            LOG.debug("Feed message for a {} ignored: only folders are applied", other.assetType());
            outcome = "other_asset";
        } else {
            FolderChange change = ((FeedMessage.Change) message).change();
            outcome = outcome(resolver.apply(change));
            othersToTell.accept(change);
            Instant changedAt = change.origin().windowStart() != null ? change.origin().windowStart() : change.origin().changedAt();
            last.set(new Received(changedAt, change.origin().observedAt()));
            LOG.debug("Feed: folders/{} {} ({})", change.folderId(), change.gone() ? "gone" : "is '" + change.displayName()
                    + "' under " + change.parent() + (change.state() == null ? "" : ", " + change.state()), outcome);
        }
        count(outcome);
        return outcome;
    }

    /** For the health check: the last folder message, and how late it came. */
    public String lastMessage() {
        Received received = last.get();
        return received == null ? "no folder message yet"
                : String.format("last folder message at %s, %.1f s after the change", received.receivedAt(),
                        lagSeconds(received));
    }

    private double lagSeconds(Received received) {
        if (received == null || received.changedAt() == null) {
            return 0;
        }
        return Duration.between(received.changedAt(), received.receivedAt()).toMillis() / 1000.0;
    }

    private static String outcome(FolderResolver.Applied applied) {
        return switch (applied) {
            case ADDED, UPDATED -> "applied";
            case STALE -> "stale";
            case DEFERRED -> "deferred";
            case FULL -> "full";
        };
    }

    private void count(String outcome) {
        messages.computeIfAbsent(outcome, key -> Counter.builder("folder.resolver.asset.feed.messages")
                .tag("outcome", key).description("Cloud Asset Inventory feed messages, by what became of them")
                .register(meters)).increment();
    }
}
