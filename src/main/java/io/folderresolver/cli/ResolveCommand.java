package io.folderresolver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.folderresolver.ConfigurationCheck;
import io.folderresolver.ServiceMode;
import io.folderresolver.batch.BatchInput;
import io.folderresolver.batch.UnreadableBatchException;
import io.folderresolver.output.WrittenResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar folder-resolver.jar resolve ids.txt}: one batch through the service's engine, its result to
 * stdout or {@code --out}, and an exit code a script can act on.
 */
@Command(name = "resolve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Resolves the folder IDs of one batch (text, one per line; JSON array; or {\"folderIds\": [...]})"
                + " and writes the result document.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every entry RESOLVED", "1:some entries not RESOLVED (the document is still written)",
            "2:the batch could not be read", "3:a configuration or credentials problem", "4:--out could not be written",
            "64:a usage error (an unknown option, a missing batch)"})
public final class ResolveCommand implements Callable<Integer> {

    static final int ALL_RESOLVED = 0;
    static final int SOME_NOT_RESOLVED = 1;
    static final int UNREADABLE = 2;
    static final int MISCONFIGURED = 3;
    static final int CANNOT_WRITE_OUT = 4;
    /** EX_USAGE of sysexits.h: apart from every outcome of a batch. */
    static final int USAGE = 64;

    @Parameters(paramLabel = "FILE|-", description = "The batch; - reads standard input.")
    String input;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result here (whole or not at all) instead of to stdout.")
    Path out;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|names|csv",
            description = "json: the result document; names: the old script's {\"folder_<index>_name\": name} map;"
                    + " csv: index,folderId,status,displayName,error,state. Default: ${DEFAULT-VALUE}.")
    ResultFormat format;

    @Option(names = "--rate", paramLabel = "N", description = "API calls per second at most (resolver.rate).")
    Integer rate;

    @Option(names = "--quota-project", paramLabel = "PROJECT",
            description = "The project the Folders API's quota and enablement count against (gcp.quota-project).")
    String quotaProject;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties that override config/.")
    Path config;

    @Option(names = "--local", description = "Use the embedded Folders API stand-in and its sample org, offline."
            + " Default: the real API with Application Default Credentials.")
    boolean local;

    @Option(names = "--quiet", description = "No progress or summary on stderr.")
    boolean quiet;

    @Option(names = "--progress-interval", defaultValue = "30s", paramLabel = "DURATION",
            description = "How often a progress line goes to stderr when it is not a terminal (at a terminal the bar"
                    + " redraws continuously). Default: ${DEFAULT-VALUE}.")
    String progressInterval;

    @Spec
    CommandSpec spec;

    private final OutputStream stdout;
    private final PrintStream progressBar;

    /** @param progressBar the terminal to draw a progress bar on, or null for plain progress lines */
    public ResolveCommand(PrintStream progressBar) {
        this(System.out, progressBar);
    }

    /** The command line as the jar runs it: a usage error exits {@value #USAGE} with the usage on stderr. */
    public static CommandLine commandLine(PrintStream progressBar) {
        return withUsageExit(new CommandLine(new ResolveCommand(progressBar)));
    }

    static CommandLine withUsageExit(CommandLine commandLine) {
        return commandLine.setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((problem, args) -> {
                    problem.getCommandLine().getErr().println(problem.getMessage());
                    problem.getCommandLine().usage(problem.getCommandLine().getErr());
                    return USAGE;
                });
    }

    /** With the stream the document goes to when there is no --out (a test's, in-process). */
    ResolveCommand(OutputStream stdout, PrintStream progressBar) {
        this.stdout = stdout;
        this.progressBar = progressBar;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("folder-resolver-");
        try {
            BatchInput batch;
            try {
                batch = BatchInput.ofFile("-".equals(input) ? copyStdin(work) : Path.of(input));
            } catch (NoSuchFileException e) {
                err.println("Cannot read the batch: no file " + input);
                return UNREADABLE;
            } catch (IOException e) {
                err.println("Cannot read the batch " + input + ": " + e.getMessage());
                return UNREADABLE;
            }
            OneShotService service;
            try {
                service = OneShotService.start(local ? ServiceMode.LOCAL : ServiceMode.GCP, work.resolve("outbox"),
                        config, settings());
            } catch (Exception e) {
                err.println(configurationProblem(e));
                return MISCONFIGURED;
            }
            TerminalProgress bar = progressBar == null || quiet ? null : TerminalProgress.start(progressBar, service::progress);
            // Ctrl-C: say how far it got; --out is untouched, since it is only ever written whole at the end.
            AtomicBoolean finished = new AtomicBoolean();
            Thread interrupted = new Thread(() -> {
                if (!finished.get()) {
                    if (bar != null) {
                        bar.close();
                    }
                    service.progress().ifPresent(progress -> err.println(progress.line()));
                    err.println("Interrupted: nothing written" + (out == null ? "" : " to " + out));
                    err.flush();
                }
            });
            Runtime.getRuntime().addShutdownHook(interrupted);
            try (service) {
                WrittenResult result;
                try {
                    result = service.resolve(batch);
                } catch (UnreadableBatchException e) {
                    closeBar(bar);
                    err.println("The batch cannot be read: " + e.getMessage());
                    return UNREADABLE;
                }
                if (bar != null) {
                    bar.finish(result.batchId(), result.total(), result.resolved());
                }
                try {
                    writeOut(result);
                } catch (IOException e) {
                    err.println("Cannot write " + (out == null ? "the result to stdout" : out) + ": " + e);
                    return CANNOT_WRITE_OUT;
                }
                if (!quiet) {
                    err.printf("%s: %,d of %,d resolved, %,d not%n", result.batchId(), result.resolved(), result.total(),
                            result.failed());
                }
                return result.failed() == 0 ? ALL_RESOLVED : SOME_NOT_RESOLVED;
            } finally {
                finished.set(true);
                closeBar(bar);
                removeHook(interrupted);
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        if (quotaProject != null) {
            settings.put("gcp.quota-project", quotaProject);
        }
        if (rate != null) {
            settings.put("resolver.rate", rate.toString());
        }
        settings.put("output.progress-interval", progressInterval);
        return settings;
    }

    /** To stdout, or to --out through a temporary file moved into place, so --out is whole or untouched. */
    private void writeOut(WrittenResult result) throws IOException {
        try (InputStream document = Files.newInputStream(result.file())) {
            if (out == null) {
                format.write(document, stdout);
                stdout.flush();
                return;
            }
            Path target = out.toAbsolutePath();
            Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
            try {
                try (OutputStream file = Files.newOutputStream(partial)) {
                    format.write(document, file);
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static void closeBar(TerminalProgress bar) {
        if (bar != null) {
            bar.close();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is on its way out already; the hook sees the batch finished.
        }
    }

    private static Path copyStdin(Path work) throws IOException {
        Path copy = work.resolve("stdin");
        Files.copy(System.in, copy);
        return copy;
    }

    /** The message of the first cause that says what to fix: a refused setting, or missing credentials. */
    private static String configurationProblem(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationCheck.Refused) {
                return cause.getMessage();
            }
            if (String.valueOf(cause.getMessage()).contains("Application Default Credentials")) {
                return "No Google credentials: run `gcloud auth application-default login`, or set"
                        + " GOOGLE_APPLICATION_CREDENTIALS, or use --local (" + cause.getMessage() + ")";
            }
        }
        return "Cannot start: " + e.getMessage();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
