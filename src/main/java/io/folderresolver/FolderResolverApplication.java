package io.folderresolver;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

import io.folderresolver.cli.ResolveCommand;
import io.folderresolver.cli.TerminalProgress;
import io.folderresolver.local.LocalStandIns;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * Runs the folder-resolver service: {@code java -jar folder-resolver.jar}, in local mode unless told gcp; or, with
 * {@code resolve}, resolves one batch and exits ({@link ResolveCommand}).
 */
public final class FolderResolverApplication {

    private static final String MANAGEMENT_VARIABLE = "CAMEL_MANAGEMENT_";

    private FolderResolverApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "resolve".equals(args[0])) {
            System.exit(resolve(Arrays.copyOfRange(args, 1, args.length)));
        }
        ServiceMode mode = ServiceMode.chosen();
        // Before the first log line: logback picks its appender from LOGGING_FORMAT; gcp mode logs JSON unless told.
        if (mode == ServiceMode.GCP && System.getenv("LOGGING_FORMAT") == null
                && System.getProperty("LOGGING_FORMAT") == null) {
            System.setProperty("LOGGING_FORMAT", "json");
        }
        routeJavaUtilLoggingToLogback();
        Main main = wired(mode, null);
        try {
            main.run(args);
        } catch (ConfigurationCheck.Refused refused) {
            // One log line (JSON in gcp mode) that names the key, not a stack trace.
            LoggerFactory.getLogger(FolderResolverApplication.class).error(refused.getMessage());
            System.exit(1);
        }
    }

    /**
     * Before the first log line: logs go to stderr (stdout is the document), warnings and progress only; at a
     * terminal a progress bar instead of progress lines.
     */
    static int resolve(String... args) {
        boolean quiet = Arrays.asList(args).contains("--quiet");
        boolean progressBar = !quiet && TerminalProgress.stderrIsTerminal();
        System.setProperty("LOG_TARGET", "System.err");
        System.setProperty("LOG_LEVEL", quiet ? "ERROR" : "WARN");
        if (quiet || progressBar) {
            System.setProperty("PROGRESS_LOG_LEVEL", "OFF");
        }
        routeJavaUtilLoggingToLogback();
        return new CommandLine(new ResolveCommand(progressBar ? System.err : null))
                .setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    /**
     * Camel Main wired as the service runs in this mode: the mode's profile and properties, the stand-ins first in
     * local mode (they point the service's endpoints at themselves), then the service's configuration and routes.
     * No package scan: nothing else on the class path may add routes.
     *
     * @param firstLocation a properties location that wins over config/ (null for none)
     */
    public static Main wired(ServiceMode mode, String firstLocation) {
        Main main = new Main();
        main.configure().setProfile(mode.profile());
        if (mode == ServiceMode.LOCAL) {
            main.configure().addConfiguration(LocalStandIns.class);
        }
        main.configure().addConfiguration(FolderResolverConfiguration.class);
        main.setPropertyPlaceholderLocations((firstLocation == null ? "" : firstLocation + ",") + mode.propertyLocations());
        main.setOverrideProperties(managementEnvironment());
        main.configure().setRoutesIncludePattern(LocalOrPackaged.files("routes", "*.camel.yaml"));
        return main;
    }

    /**
     * CAMEL_MANAGEMENT_* as camel.management.* (CAMEL_MANAGEMENT_PORT=0: a free port). Camel Main reads CAMEL_MAIN_*
     * from the environment but not these, and skips any variable ending in _PORT (Kubernetes service links).
     */
    private static Properties managementEnvironment() {
        Properties properties = new Properties();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(MANAGEMENT_VARIABLE)) {
                String key = name.substring(MANAGEMENT_VARIABLE.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                properties.setProperty("camel.management." + key, value);
            }
        });
        return properties;
    }

    /** Google's clients log through java.util.logging: to logback, so every line has one format. */
    private static void routeJavaUtilLoggingToLogback() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
