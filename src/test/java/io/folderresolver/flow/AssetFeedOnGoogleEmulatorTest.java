package io.folderresolver.flow;

import io.folderresolver.pubsub.testing.GoogleEmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The asset feed contract against Google's Pub/Sub emulator where it is installed; skipped where it is not. */
class AssetFeedOnGoogleEmulatorTest extends AssetFeedFlowContract {

    @RegisterExtension
    static final GoogleEmulatorExtension EMULATOR = new GoogleEmulatorExtension();

    @Override
    String pubsubAddress() {
        return EMULATOR.address();
    }
}
