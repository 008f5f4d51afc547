package io.folderresolver.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.folderresolver.ServiceMode;
import io.folderresolver.Settings;
import io.folderresolver.local.LocalStandIns;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar folder-resolver.jar doctor}: checks, with the service's own settings and mode, each thing it needs
 * (credentials, quota project, the Folders API, Pub/Sub, Redis, inbox and outbox) and prints one line each, a tick
 * or a cross with the fix. The first step of deploying on Google Cloud.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Checks what the service needs, with its own settings and mode: one line each, \u2713 or \u2717"
                + " with the fix.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "1:some check failed", "64:a usage error"})
public final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--local", description = "Local mode, with its embedded stand-ins. Default: the mode the service"
            + " would run in (CAMEL_MAIN_PROFILE, else config/).")
    boolean local;

    @Option(names = "--folder", paramLabel = "ID", description = "The folder to try GetFolder on. Default: the first"
            + " one search shows.")
    String folder;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties that override config/.")
    Path config;

    @Option(names = "--quota-project", paramLabel = "PROJECT", description = "gcp.quota-project.")
    String quotaProject;

    @Option(names = "--timeout", defaultValue = "5s", paramLabel = "DURATION",
            description = "Longest wait for each network call. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Spec
    CommandSpec spec;

    /** As the jar runs it: lines in UTF-8 whatever the locale, a usage error exits 64. */
    public static CommandLine commandLine() {
        return ResolveCommand.withUsageExit(new CommandLine(new DoctorCommand()))
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    }

    @Override
    public Integer call() throws Exception {
        ServiceMode mode = local ? ServiceMode.LOCAL : ServiceMode.chosen();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation((config == null ? "" : "file:" + config.toAbsolutePath() + ",")
                    + mode.propertyLocations());
            Properties overrides = new Properties();
            overrides.setProperty(ServiceMode.KEY, mode.profile());
            if (quotaProject != null) {
                overrides.setProperty("gcp.quota-project", quotaProject);
            }
            context.getPropertiesComponent().setOverrideProperties(overrides);
            if (mode == ServiceMode.LOCAL) {
                // As the service starts them: the embedded stand-ins where enabled, pointing the settings at them.
                new LocalStandIns().configure(context);
            }
            context.start();
            List<Doctor.Check> checks = new Doctor(mode, new Settings(context.getPropertiesComponent()), folder,
                    TimeUtils.toDuration(timeout), context.getRegistry().lookupByName("pubsubStandIn") != null).run();
            PrintWriter out = spec.commandLine().getOut();
            checks.forEach(check -> out.println(check.line()));
            out.flush();
            return checks.stream().allMatch(Doctor.Check::passed) ? 0 : 1;
        }
    }
}
