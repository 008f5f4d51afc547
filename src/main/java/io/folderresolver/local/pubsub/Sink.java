package io.folderresolver.local.pubsub;

import java.util.List;

import com.google.pubsub.v1.ReceivedMessage;

/** Somewhere a subscription delivers messages to: a StreamingPull stream or a waiting Pull. Used under the queue's lock. */
interface Sink {

    /** Whether it may take at least one more message now. */
    boolean hasRoom();

    /** Whether it may take one more message of this serialized size. */
    boolean fits(int bytes);

    /** Counts a message handed to it. */
    void taken(int bytes);

    /** A message handed to it was acked, nacked or expired: frees its place in the flow-control window. */
    void released(int bytes);

    int ackDeadlineSeconds();

    void send(List<ReceivedMessage> batch);
}
