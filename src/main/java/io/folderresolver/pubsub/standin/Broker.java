package io.folderresolver.pubsub.standin;

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
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import io.grpc.StatusRuntimeException;

/**
 * The topics and subscriptions of the stand-in. A publish stamps each message with an ID and a publish time and
 * hands it to every subscription its topic has at that moment.
 */
final class Broker {

    /** As in the real service: 10 s unless the subscription says otherwise, and 10 to 600 s when it does. */
    static final int DEFAULT_ACK_DEADLINE_SECONDS = 10;
    static final int MIN_ACK_DEADLINE_SECONDS = 10;
    static final int MAX_ACK_DEADLINE_SECONDS = 600;
    private static final Duration DEFAULT_RETENTION = Duration.newBuilder().setSeconds(7 * 24 * 3600).build();

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
            SubscriptionQueue queue = new SubscriptionQueue(created.build(), ackIds, scheduler);
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

    // Features that would change what gets delivered are refused rather than silently ignored.
    private static void rejectUnsupported(Subscription subscription) {
        if (!subscription.getFilter().isEmpty()) {
            throw Errors.unsupported("A subscription filter");
        }
        if (subscription.hasDeadLetterPolicy() || subscription.hasRetryPolicy()) {
            throw Errors.unsupported("A dead-letter or retry policy");
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
