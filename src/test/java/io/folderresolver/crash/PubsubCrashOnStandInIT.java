package io.folderresolver.crash;

import io.folderresolver.local.pubsub.PubSubStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Pub/Sub crash contract on the Pub/Sub stand-in, in this JVM. */
class PubsubCrashOnStandInIT extends PubsubCrashContract {

    private PubSubStandIn server;

    @BeforeEach
    void startServer() {
        server = PubSubStandIn.start(0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    String pubsubAddress() {
        return server.address();
    }
}
