package io.folderresolver.cli;

import io.folderresolver.pubsub.testing.GoogleEmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The doctor's contract on Google's Pub/Sub emulator (skipped, with the reason, where it is not installed). */
class DoctorOnGoogleEmulatorTest extends DoctorContract {

    @RegisterExtension
    static final GoogleEmulatorExtension EMULATOR = new GoogleEmulatorExtension();

    @Override
    String pubsubAddress() {
        return EMULATOR.address();
    }
}
