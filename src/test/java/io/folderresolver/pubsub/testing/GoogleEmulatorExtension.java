package io.folderresolver.pubsub.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Google's Pub/Sub emulator for a test class: started once before its tests where it is installed, stopped after
 * them. {@link #address()} skips the calling test, with the reason, where it is not, so the report counts each test
 * as skipped and says why (a skip in a before-all hook would show as no tests).
 */
public final class GoogleEmulatorExtension implements BeforeAllCallback, AfterAllCallback {

    private GoogleEmulator emulator;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (GoogleEmulator.installed()) {
            emulator = GoogleEmulator.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    /** host:port of the running emulator; skips the test where it is not installed. */
    public String address() {
        assumeTrue(emulator != null, "Google's Pub/Sub emulator is not installed at " + GoogleEmulator.LAUNCHER
                + " (install the Cloud SDK component pubsub-emulator, or point -Dpubsub.emulator.launcher at it)");
        return emulator.address();
    }
}
