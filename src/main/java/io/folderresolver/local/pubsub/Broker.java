package io.folderresolver.local.pubsub;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics and subscriptions of the stand-in. A publish stamps each message with an ID and a publish time and
 * hands it to every subscription its topic has at that moment.
 */
final class Broker {

    static final int MAX_ATTRIBUTES = 100;
    static final int MAX_ATTRIBUTE_KEY_BYTES = 256;
    static final int MAX_ATTRIBUTE_VALUE_BYTES = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    /** As in the real service: 10 s unless the subscription says otherwise, and 10 to 600 s when it does. */
    static final int DEFAULT_ACK_DEADLINE_SECONDS = 10;
    static final int MIN_ACK_DEADLINE_SECONDS = 10;
    static final int MAX_ACK_DEADLINE_SECONDS = 600;
    private static final Duration DEFAULT_RETENTION = Duration.newBuilder().setSeconds(7 * 24 * 3600).build();
    /** Retry policy back-offs: 10 s and 600 s when not given, each within 0 to 600 s. */
    private static final Duration DEFAULT_MINIMUM_BACKOFF = Durations.fromSeconds(10);
    private static final Duration MAXIMUM_BACKOFF = Durations.fromSeconds(600);
    /** Dead-letter policy: 5 deliveries when not given, else 5 to 100. */
    private static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;
    private static final int MAX_MAX_DELIVERY_ATTEMPTS = 100;

    private record TopicEntry(Topic topic, Set<SubscriptionQueue> subscriptions) {
    }

    private final Map<String, TopicEntry> topics = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionQueue> subscriptions = new ConcurrentHashMap<>();
    // Creates and deletes take this, so a topic and its subscriptions always agree; publish does not.
    private final Object admin = new Object();
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicLong ackIds = new AtomicLong();
    private final ScheduledExecutorService scheduler;

    Broker(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    Topic createTopic(Topic topic) {
        String name = Names.topic(topic.getName());
        if (!topic.getKmsKeyName().isEmpty() || topic.hasSchemaSettings() || topic.hasIngestionDataSourceSettings()) {
            throw Errors.unsupported("A topic with KMS keys, schemas or ingestion");
        }
        synchronized (admin) {
            if (topics.containsKey(name)) {
                throw Errors.alreadyExists(name);
            }
            Topic created = topic.toBuilder().setState(Topic.State.ACTIVE).build();
            topics.put(name, new TopicEntry(created, new CopyOnWriteArraySet<>()));
            return created;
        }
    }

    Topic topic(String name) {
        return entry(Names.topic(name)).topic();
    }

    List<Topic> topics(String project) {
        String prefix = Names.project(project) + "/topics/";
        return topics.values().stream()
                .map(TopicEntry::topic)
                .filter(topic -> topic.getName().startsWith(prefix))
                .sorted(Comparator.comparing(Topic::getName))
                .toList();
    }

    List<String> subscriptionsOf(String topic) {
        return entry(Names.topic(topic)).subscriptions().stream().map(SubscriptionQueue::name).sorted().toList();
    }

    /** Its subscriptions stay, attached to {@code _deleted-topic_}, as in the real service. */
    void deleteTopic(String name) {
        Names.topic(name);
        synchronized (admin) {
            TopicEntry removed = topics.remove(name);
            if (removed == null) {
                throw Errors.notFound(name);
            }
            removed.subscriptions().forEach(SubscriptionQueue::topicDeleted);
        }
    }

    List<String> publish(String topic, List<PubsubMessage> messages) {
        TopicEntry entry = entry(Names.topic(topic));
        if (messages.isEmpty()) {
            throw Errors.invalidArgument("The publish request must contain at least one message");
        }
        Instant now = Instant.now();
        Timestamp publishTime = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        List<QueuedMessage> stamped = new ArrayList<>(messages.size());
        List<String> ids = new ArrayList<>(messages.size());
        for (PubsubMessage message : messages) {
            if (message.getData().isEmpty() && message.getAttributesCount() == 0) {
                throw Errors.invalidArgument("Some messages contain no data and no attributes");
            }
            checkAttributes(message);
        }
        for (PubsubMessage message : messages) {
            long id = messageIds.incrementAndGet();
            ids.add(Long.toString(id));
            stamped.add(new QueuedMessage(id, message.toBuilder()
                    .setMessageId(Long.toString(id))
                    .setPublishTime(publishTime)
                    .build(), 0));
        }
        for (SubscriptionQueue subscription : entry.subscriptions()) {
            subscription.enqueue(stamped);
        }
        return ids;
    }

    /** Pub/Sub's limits: at most 100 attributes, keys of at most 256 bytes, values of at most 1,024 bytes. */
    private static void checkAttributes(PubsubMessage message) {
        if (message.getAttributesCount() > MAX_ATTRIBUTES) {
            throw Errors.invalidArgument("A message has " + message.getAttributesCount() + " attributes, more than "
                    + MAX_ATTRIBUTES);
        }
        message.getAttributesMap().forEach((key, value) -> {
            if (key.getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTE_KEY_BYTES) {
                throw Errors.invalidArgument("An attribute key is longer than " + MAX_ATTRIBUTE_KEY_BYTES + " bytes");
            }
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTE_VALUE_BYTES) {
                throw Errors.invalidArgument("The value of attribute " + key + " is longer than "
                        + MAX_ATTRIBUTE_VALUE_BYTES + " bytes");
            }
        });
    }

    Subscription createSubscription(Subscription subscription) {
        String name = Names.subscription(subscription.getName());
        String topic = Names.topic(subscription.getTopic());
        rejectUnsupported(subscription);
        int ackDeadline = subscription.getAckDeadlineSeconds();
        if (ackDeadline == 0) {
            ackDeadline = DEFAULT_ACK_DEADLINE_SECONDS;
        } else if (ackDeadline < MIN_ACK_DEADLINE_SECONDS || ackDeadline > MAX_ACK_DEADLINE_SECONDS) {
            throw Errors.invalidArgument("Invalid ack deadline given: " + ackDeadline
                    + "; it must be between " + MIN_ACK_DEADLINE_SECONDS + " and " + MAX_ACK_DEADLINE_SECONDS);
        }
        synchronized (admin) {
            TopicEntry entry = entry(topic);
            if (subscriptions.containsKey(name)) {
                throw Errors.alreadyExists(name);
            }
            Subscription.Builder created = subscription.toBuilder()
                    .setAckDeadlineSeconds(ackDeadline)
                    .setState(Subscription.State.ACTIVE);
            if (!subscription.hasMessageRetentionDuration()) {
                // Reported like the real service's default; the stand-in keeps messages until acked.
                created.setMessageRetentionDuration(DEFAULT_RETENTION);
            }
            if (subscription.hasRetryPolicy()) {
                created.setRetryPolicy(checked(subscription.getRetryPolicy()));
            }
            if (subscription.hasDeadLetterPolicy()) {
                created.setDeadLetterPolicy(checked(subscription.getDeadLetterPolicy()));
            }
            SubscriptionQueue queue = new SubscriptionQueue(created.build(), ackIds, scheduler, this::forward);
            subscriptions.put(name, queue);
            entry.subscriptions().add(queue);
            return queue.config();
        }
    }

    Subscription subscription(String name) {
        return queue(name).config();
    }

    List<Subscription> subscriptions(String project) {
        String prefix = Names.project(project) + "/subscriptions/";
        return subscriptions.values().stream()
                .map(SubscriptionQueue::config)
                .filter(subscription -> subscription.getName().startsWith(prefix))
                .sorted(Comparator.comparing(Subscription::getName))
                .toList();
    }

    void deleteSubscription(String name) {
        Names.subscription(name);
        synchronized (admin) {
            SubscriptionQueue removed = subscriptions.remove(name);
            if (removed == null) {
                throw Errors.notFound(name);
            }
            TopicEntry entry = topics.get(removed.config().getTopic());
            if (entry != null) {
                entry.subscriptions().remove(removed);
            }
            removed.close(Errors.notFound(name));
        }
    }

    SubscriptionQueue queue(String subscription) {
        SubscriptionQueue queue = subscriptions.get(Names.subscription(subscription));
        if (queue == null) {
            throw Errors.notFound(subscription);
        }
        return queue;
    }

    /** A dead letter to a topic that is gone is dropped, with a warning. */
    private void forward(String deadLetterTopic, PubsubMessage letter) {
        try {
            publish(deadLetterTopic, List.of(letter));
        } catch (StatusRuntimeException e) {
            LOG.warn("Pub/Sub stand-in dropped a dead letter for {}: {}", deadLetterTopic, e.getStatus());
        }
    }

    void expireLeases() {
        long now = System.nanoTime();
        for (SubscriptionQueue queue : subscriptions.values()) {
            queue.expireLeases(now);
        }
    }

    void shutdown(StatusRuntimeException status) {
        for (SubscriptionQueue queue : subscriptions.values()) {
            queue.close(status);
        }
    }

    private TopicEntry entry(String topic) {
        TopicEntry entry = topics.get(topic);
        if (entry == null) {
            throw Errors.notFound(topic);
        }
        return entry;
    }

    private static RetryPolicy checked(RetryPolicy policy) {
        Duration minimum = policy.hasMinimumBackoff() ? policy.getMinimumBackoff() : DEFAULT_MINIMUM_BACKOFF;
        Duration maximum = policy.hasMaximumBackoff() ? policy.getMaximumBackoff() : MAXIMUM_BACKOFF;
        for (Duration backoff : List.of(minimum, maximum)) {
            if (Durations.compare(backoff, Durations.ZERO) < 0 || Durations.compare(backoff, MAXIMUM_BACKOFF) > 0) {
                throw Errors.invalidArgument("Invalid retry policy: back-offs must be between 0 and 600 seconds");
            }
        }
        if (Durations.compare(minimum, maximum) > 0) {
            throw Errors.invalidArgument("Invalid retry policy: the minimum back-off exceeds the maximum");
        }
        return policy.toBuilder().setMinimumBackoff(minimum).setMaximumBackoff(maximum).build();
    }

    private static DeadLetterPolicy checked(DeadLetterPolicy policy) {
        Names.topic(policy.getDeadLetterTopic());
        int attempts = policy.getMaxDeliveryAttempts() == 0 ? DEFAULT_MAX_DELIVERY_ATTEMPTS : policy.getMaxDeliveryAttempts();
        if (attempts < DEFAULT_MAX_DELIVERY_ATTEMPTS || attempts > MAX_MAX_DELIVERY_ATTEMPTS) {
            throw Errors.invalidArgument("Invalid dead-letter policy: max_delivery_attempts must be between "
                    + DEFAULT_MAX_DELIVERY_ATTEMPTS + " and " + MAX_MAX_DELIVERY_ATTEMPTS);
        }
        return policy.toBuilder().setMaxDeliveryAttempts(attempts).build();
    }

    // Features that would change what gets delivered are refused rather than silently ignored.
    private static void rejectUnsupported(Subscription subscription) {
        if (!subscription.getFilter().isEmpty()) {
            throw Errors.unsupported("A subscription filter");
        }
        if (subscription.getEnableExactlyOnceDelivery()) {
            throw Errors.unsupported("Exactly-once delivery");
        }
        if (!subscription.getPushConfig().getPushEndpoint().isEmpty() || subscription.hasBigqueryConfig()
                || subscription.hasCloudStorageConfig()) {
            throw Errors.unsupported("A push, BigQuery or Cloud Storage subscription");
        }
    }
}
