package io.folderresolver.health;

import java.util.Map;

import io.folderresolver.assets.AssetFeed;
import io.folderresolver.pubsub.SubscriberHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The Cloud Asset Inventory feed in /observe/health: when its last folder message came and how late, and why its
 * subscriber cannot pull, if it cannot (route asset-feed-restart restarts it meanwhile). Always UP, and never a
 * liveness check: folders change rarely, so a quiet feed is normal, and names still resolve without it
 * (reconciliation and GetFolder).
 */
public final class AssetFeedHealthCheck extends AbstractHealthCheck {

    private final AssetFeed feed;
    private final SubscriberHealth subscriber;

    public AssetFeedHealthCheck(AssetFeed feed, SubscriberHealth subscriber) {
        super("folder-resolver", "asset-feed");
        this.feed = feed;
        this.subscriber = subscriber;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.message(feed.lastMessage() + subscriber.problem().map(problem -> "; " + problem).orElse(""));
        builder.up();
    }
}
