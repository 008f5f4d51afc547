package io.folderresolver.flow;

import io.folderresolver.local.pubsub.PubSubStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Pub/Sub flow contract against our in-process Pub/Sub stand-in. */
class PubsubFlowOnStandInTest extends PubsubFlowContract {

    private static PubSubStandIn server;

    @BeforeAll
    static void startServer() {
        server = PubSubStandIn.start(0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    String pubsubAddress() {
        return server.address();
    }
}
