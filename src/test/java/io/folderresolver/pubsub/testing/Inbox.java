package io.folderresolver.pubsub.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.pubsub.v1.PubsubMessage;

/** Records every delivery a subscriber gets, then answers it as the test says (ack, nack, or hold). */
public final class Inbox {

    private final List<PubsubMessage> deliveries = new CopyOnWriteArrayList<>();

    public MessageReceiver acking() {
        return answering((message, reply) -> reply.ack());
    }

    public MessageReceiver answering(BiConsumer<PubsubMessage, AckReplyConsumer> answer) {
        return (message, reply) -> {
            deliveries.add(message);
            answer.accept(message, reply);
        };
    }

    public List<PubsubMessage> deliveries() {
        return List.copyOf(deliveries);
    }

    /** How often the message with this ID has been delivered, this delivery included if it is one. */
    public long deliveriesOf(String messageId) {
        return deliveries.stream().filter(message -> message.getMessageId().equals(messageId)).count();
    }

    public List<String> distinctMessageIds() {
        return deliveries.stream().map(PubsubMessage::getMessageId).distinct().sorted().toList();
    }
}
