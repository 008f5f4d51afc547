package io.folderresolver.flow;

import io.folderresolver.pubsub.testing.GoogleEmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same Pub/Sub flow contract against Google's Pub/Sub emulator, run as a child process where it is installed
 * (the Debian 12 image); skipped with a message where it is not. This keeps the stand-in honest.
 */
class PubsubFlowOnGoogleEmulatorTest extends PubsubFlowContract {

    @RegisterExtension
    static final GoogleEmulatorExtension EMULATOR = new GoogleEmulatorExtension();

    /** Google's emulator 0.8.20 ignores a retry policy and redelivers a nacked message at once. */
    @Override
    int maxAttempts() {
        return 10;
    }

    @Override
    String pubsubAddress() {
        return EMULATOR.address();
    }
}
