package io.folderresolver.crash;

import io.folderresolver.pubsub.testing.PubSubStandInExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Pub/Sub crash contract on the Pub/Sub stand-in, in this JVM. */
class PubsubCrashOnStandInIT extends PubsubCrashContract {

    @RegisterExtension
    static final PubSubStandInExtension SERVER = new PubSubStandInExtension();

    @Override
    String pubsubAddress() {
        return SERVER.address();
    }
}
