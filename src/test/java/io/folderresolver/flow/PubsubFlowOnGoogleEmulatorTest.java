package io.folderresolver.flow;

import io.folderresolver.pubsub.testing.GoogleEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same Pub/Sub flow contract against Google's Pub/Sub emulator, run as a child process where it is installed
 * (the Debian 12 image); skipped with a message where it is not. This keeps the stand-in honest.
 */
class PubsubFlowOnGoogleEmulatorTest extends PubsubFlowContract {

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

    /** Google's emulator 0.8.20 ignores a retry policy and redelivers a nacked message at once. */
    @Override
    int maxAttempts() {
        return 10;
    }

    @Override
    String pubsubAddress() {
        // Checked per test (a skip in @BeforeAll shows in the report as no tests, without the reason).
        Assumptions.assumeTrue(server != null,
                "Google's Pub/Sub emulator is not installed (" + GoogleEmulator.LAUNCHER + "): skipped");
        return server.address();
    }
}
