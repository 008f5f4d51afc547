package io.folderresolver.pubsub;

/**
 * A Pub/Sub batch whose result would carry FAILED entries: the message is nacked for Pub/Sub to deliver it again
 * later (see {@code ingest.pubsub.deliver-failed}). Its message says how many and why, and becomes the dead-letter
 * reason after the last delivery.
 */
public class FailedEntriesException extends RuntimeException {

    public FailedEntriesException(String message) {
        super(message);
    }
}
