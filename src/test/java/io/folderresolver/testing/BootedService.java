package io.folderresolver.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.folderresolver.FolderResolverApplication;
import io.folderresolver.ServiceMode;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.ThreadPoolProfile;

/**
 * The real service in this JVM, booted the way its main method boots it (same Main class, shipped config and routes from the
 * working directory), with the caller's overrides on top. Stopping it closes what it opened.
 */
public final class BootedService implements AutoCloseable {

    public static final String CONFIG = "config/application.properties";
    public static final String ROUTES_DIR = "routes";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Main main;

    private BootedService(Main main) {
        this.main = main;
    }

    public static BootedService boot(Map<String, String> overrides) throws Exception {
        if (!Files.isRegularFile(Path.of(CONFIG)) || !Files.isDirectory(Path.of(ROUTES_DIR))) {
            throw new IllegalStateException("run from the project directory: it boots the shipped "
                    + CONFIG + " and " + ROUTES_DIR + "/ (working directory is " + Path.of("").toAbsolutePath() + ")");
        }
        Main main = FolderResolverApplication.wired(ServiceMode.LOCAL, null);
        overrides.forEach(main::addOverrideProperty);
        BootedService service = new BootedService(main);
        try {
            // start() rather than run(): run() blocks until shutdown, and the caller needs the thread back.
            main.start();
            service.awaitStarted();
            return service;
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the service did not start within " + START_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** The split pool's size as Camel actually configured it, to prove an override took. */
    public int splitPoolSize() {
        CamelContext context = main.getCamelContext();
        ThreadPoolProfile profile = context.getExecutorServiceManager().getThreadPoolProfile("folder-split");
        if (profile == null) {
            throw new IllegalStateException("the thread pool profile folder-split is not configured");
        }
        return profile.getPoolSize();
    }

    @Override
    public void close() {
        main.stop();
    }
}
