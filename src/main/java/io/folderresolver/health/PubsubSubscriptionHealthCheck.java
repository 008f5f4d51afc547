package io.folderresolver.health;

import java.util.Map;
import java.util.Optional;

import io.folderresolver.pubsub.SubscriberHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the Pub/Sub subscription cannot be consumed (gone, no access), with the client's reason. */
public final class PubsubSubscriptionHealthCheck extends AbstractHealthCheck {

    private final SubscriberHealth health;
    private final String subscription;

    public PubsubSubscriptionHealthCheck(SubscriberHealth health, String subscription) {
        super("folder-resolver", "pubsub-subscription");
        this.health = health;
        this.subscription = subscription;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("subscription", subscription);
        Optional<String> problem = health.problem();
        if (problem.isEmpty()) {
            builder.up();
            return;
        }
        builder.message("Subscription " + subscription + " cannot be consumed: " + problem.get());
        builder.down();
    }
}
