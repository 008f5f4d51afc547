package io.folderresolver.pubsub.testing;

import io.folderresolver.local.pubsub.PubSubStandIn;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Our Pub/Sub stand-in for a test class, in this JVM: started before its tests, stopped after them. */
public final class PubSubStandInExtension implements BeforeAllCallback, AfterAllCallback {

    private PubSubStandIn server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = PubSubStandIn.start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public String address() {
        return server.address();
    }
}
