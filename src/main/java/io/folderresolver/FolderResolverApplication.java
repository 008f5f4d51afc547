package io.folderresolver;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

import io.folderresolver.cli.DoctorCommand;
import io.folderresolver.cli.ResolveCommand;
import io.folderresolver.cli.TerminalProgress;
import io.folderresolver.cli.Version;
import io.folderresolver.local.LocalStandIns;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Runs the folder-resolver service: {@code java -jar folder-resolver.jar}, in local mode unless told gcp; or, with
 * {@code resolve}, resolves one batch and exits ({@link ResolveCommand}); with {@code doctor}, checks what the
 * service needs ({@link DoctorCommand}).
 */
public final class FolderResolverApplication {

    private static final String MANAGEMENT_VARIABLE = "CAMEL_MANAGEMENT_";

    private FolderResolverApplication() {
    }

    /** Exit code of an unknown command or option: the jar's help goes to stderr. */
    static final int UNKNOWN_COMMAND = 2;

    private static final String HELP = String.join(System.lineSeparator(),
            "Usage: java -jar folder-resolver.jar [resolve ... | doctor ... | --help | --version]",
            "Turns Google Cloud folder IDs into folder display names.",
            "",
            "Commands:",
            "  (none)    Run the service: batches from the inbox and Pub/Sub, one result each to the outbox and a topic.",
            "  resolve   Resolve one batch and exit (java -jar folder-resolver.jar resolve --help).",
            "  doctor    Check credentials, quota project, the Folders API, Pub/Sub, Redis and the folders, one line",
            "            each (java -jar folder-resolver.jar doctor --help). Run it first on Google Cloud.",
            "",
            "Mode: CAMEL_MAIN_PROFILE=local (the default: embedded stand-ins, offline) or gcp (the real APIs).",
            "Settings: config/application.properties and config/application-<mode>.properties; every key can be",
            "overridden by an environment variable (resolver.rate -> RESOLVER_RATE). Every key is listed, with its",
            "variable and default, in docs/configuration.md.",
            "");

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.exit(command(args));
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

    /** A command, {@code --help} or {@code --version}; anything else is refused with the help. */
    static int command(String... args) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "resolve":
                return resolve(rest);
            case "doctor":
                return doctor(rest);
            case "--help", "-h", "help":
                System.out.print(HELP);
                return 0;
            case "--version", "-V":
                System.out.println(new Version().getVersion()[0]);
                return 0;
            default:
                System.err.println("Unknown command or option: " + args[0]);
                System.err.print(HELP);
                return UNKNOWN_COMMAND;
        }
    }

    /** Lines of checks to stdout; logs to stderr, warnings only. */
    static int doctor(String... args) {
        System.setProperty("LOG_TARGET", "System.err");
        System.setProperty("LOG_LEVEL", "ERROR");
        routeJavaUtilLoggingToLogback();
        return DoctorCommand.commandLine().execute(args);
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
        return ResolveCommand.commandLine(progressBar ? System.err : null).execute(args);
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
