package io.folderresolver.crash;

import io.folderresolver.pubsub.testing.GoogleEmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Pub/Sub crash contract on Google's Pub/Sub emulator (skipped, with the reason, where it is not installed). */
class PubsubCrashOnGoogleEmulatorIT extends PubsubCrashContract {

    @RegisterExtension
    static final GoogleEmulatorExtension EMULATOR = new GoogleEmulatorExtension();

    @Override
    String pubsubAddress() {
        return EMULATOR.address();
    }
}
