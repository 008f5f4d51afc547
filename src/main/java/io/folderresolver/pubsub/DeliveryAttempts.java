package io.folderresolver.pubsub;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.camel.Header;
import org.apache.camel.component.google.pubsub.GooglePubsubConstants;

/**
 * Which delivery of a Pub/Sub message this is. Pub/Sub says so in {@code delivery_attempt} when the subscription
 * has a dead-letter policy; otherwise this replica counts the deliveries it has seen, per message ID, in a bounded
 * memory (a restart, or a redelivery to another replica, starts the count again).
 */
public final class DeliveryAttempts {

    private final Cache<String, Integer> seen = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofDays(1))
            .build();

    public int next(@Header(GooglePubsubConstants.DELIVERY_ATTEMPT) Integer deliveryAttempt,
            @Header(GooglePubsubConstants.MESSAGE_ID) String messageId) {
        if (deliveryAttempt != null && deliveryAttempt > 0) {
            return deliveryAttempt;
        }
        return seen.asMap().merge(messageId, 1, Integer::sum);
    }
}
