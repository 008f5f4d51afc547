package io.folderresolver.health;

import java.util.Map;

import io.folderresolver.assets.AssetFeed;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The Cloud Asset Inventory feed in /observe/health: when its last folder message came and how late. Always UP, and
 * never a liveness check: folders change rarely, so a quiet feed is normal, and names still resolve without it
 * (reconciliation and GetFolder); the subscriber's own state is the pubsub checks' business.
 */
public final class AssetFeedHealthCheck extends AbstractHealthCheck {

    private final AssetFeed feed;

    public AssetFeedHealthCheck(AssetFeed feed) {
        super("folder-resolver", "asset-feed");
        this.feed = feed;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.message(feed.lastMessage());
        builder.up();
    }
}
