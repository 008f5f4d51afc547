package io.folderresolver;

import io.folderresolver.local.LocalStandIns;
import org.apache.camel.main.Main;

/** Runs the folder-resolver service: {@code java -jar folder-resolver.jar}, in local mode unless told gcp. */
public final class FolderResolverApplication {

    private FolderResolverApplication() {
    }

    public static void main(String[] args) throws Exception {
        ServiceMode mode = ServiceMode.chosen();
        // No package scan: the wiring is configuration classes, and nothing else on the class path may add routes.
        Main main = new Main();
        main.configure().setProfile(mode.profile());
        if (mode == ServiceMode.LOCAL) {
            // First: it starts the stand-ins and points the service's endpoints at them.
            main.configure().addConfiguration(LocalStandIns.class);
        }
        main.configure().addConfiguration(FolderResolverConfiguration.class);
        main.setPropertyPlaceholderLocations(mode.propertyLocations());
        main.configure().setRoutesIncludePattern(LocalOrPackaged.files("routes", "*.camel.yaml"));
        main.run(args);
    }
}
