package io.folderresolver.local.pubsub;

import io.folderresolver.pubsub.testing.GoogleEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract against Google's Pub/Sub emulator, to show the stand-in answers like Google's own fake. Every test
 * is skipped, with the reason, when the emulator is not installed (Cloud SDK component {@code pubsub-emulator}).
 */
class GoogleEmulatorPubSubContractTest extends PubSubContract {

    private static GoogleEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        if (GoogleEmulator.installed()) {
            emulator = GoogleEmulator.start();
        }
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    // Assumed per test rather than in @BeforeAll, so the report counts each test as skipped and says why.
    @Override
    String address() {
        assumeTrue(emulator != null, "Google's Pub/Sub emulator is not installed at " + GoogleEmulator.LAUNCHER
                + " (install the Cloud SDK component pubsub-emulator, or point -Dpubsub.emulator.launcher at it)");
        return emulator.address();
    }
}
