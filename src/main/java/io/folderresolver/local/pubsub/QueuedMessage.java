package io.folderresolver.local.pubsub;

import com.google.pubsub.v1.PubsubMessage;

/**
 * A published message in one subscription.
 *
 * @param sequence   publish order across the stand-in, so redelivered messages go back in that order
 * @param message    as published, with its message ID and publish time
 * @param deliveries how often it has been delivered so far
 */
record QueuedMessage(long sequence, PubsubMessage message, int deliveries) {

    QueuedMessage delivered() {
        return new QueuedMessage(sequence, message, deliveries + 1);
    }

    int size() {
        return message.getSerializedSize();
    }
}
