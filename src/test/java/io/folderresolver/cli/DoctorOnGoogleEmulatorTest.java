package io.folderresolver.cli;

import io.folderresolver.pubsub.testing.GoogleEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The doctor's contract on Google's Pub/Sub emulator (where installed). */
class DoctorOnGoogleEmulatorTest extends DoctorContract {

    private static GoogleEmulator server;

    @BeforeAll
    static void startServer() {
        if (GoogleEmulator.installed()) {
            server = GoogleEmulator.start();
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String pubsubAddress() {
        Assumptions.assumeTrue(server != null,
                "Google's Pub/Sub emulator is not installed (" + GoogleEmulator.LAUNCHER + "): skipped");
        return server.address();
    }
}
