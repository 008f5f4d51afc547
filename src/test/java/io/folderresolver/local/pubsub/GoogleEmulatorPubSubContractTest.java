package io.folderresolver.local.pubsub;

import io.folderresolver.pubsub.testing.GoogleEmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against Google's Pub/Sub emulator, to show the stand-in answers like Google's own fake. Every test
 * is skipped, with the reason, when the emulator is not installed (Cloud SDK component {@code pubsub-emulator}).
 */
class GoogleEmulatorPubSubContractTest extends PubSubContract {

    @RegisterExtension
    static final GoogleEmulatorExtension EMULATOR = new GoogleEmulatorExtension();

    @Override
    String address() {
        return EMULATOR.address();
    }
}
