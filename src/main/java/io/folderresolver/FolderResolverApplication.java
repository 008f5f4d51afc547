package io.folderresolver;

import org.apache.camel.main.Main;

/** Runs the folder-resolver service: {@code java -jar folder-resolver.jar}. */
public final class FolderResolverApplication {

    private FolderResolverApplication() {
    }

    public static void main(String[] args) throws Exception {
        // No package scan: the wiring is one configuration class, and nothing else on the class path may add routes.
        Main main = new Main();
        main.configure().addConfiguration(FolderResolverConfiguration.class);
        main.setPropertyPlaceholderLocations(LocalOrPackaged.file("config/application.properties"));
        main.configure().setRoutesIncludePattern(LocalOrPackaged.files("routes", "*.camel.yaml"));
        main.run(args);
    }
}
