package io.folderresolver.flow;

import io.folderresolver.pubsub.testing.PubSubStandInExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Pub/Sub flow contract against our in-process Pub/Sub stand-in. */
class PubsubFlowOnStandInTest extends PubsubFlowContract {

    @RegisterExtension
    static final PubSubStandInExtension SERVER = new PubSubStandInExtension();

    @Override
    String pubsubAddress() {
        return SERVER.address();
    }
}
