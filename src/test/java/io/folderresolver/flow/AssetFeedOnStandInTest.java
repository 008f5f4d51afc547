package io.folderresolver.flow;

import io.folderresolver.pubsub.testing.PubSubStandInExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The asset feed contract against our in-process Pub/Sub stand-in. */
class AssetFeedOnStandInTest extends AssetFeedFlowContract {

    @RegisterExtension
    static final PubSubStandInExtension SERVER = new PubSubStandInExtension();

    @Override
    String pubsubAddress() {
        return SERVER.address();
    }
}
