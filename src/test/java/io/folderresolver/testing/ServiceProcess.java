package io.folderresolver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code java -jar target/folder-resolver.jar}) as a child process, configured through
 * environment variables as an operator would, with its output in a log file. Killing it is {@code kill -9}.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "folder-resolver.jar");

    private final Process process;
    public final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(Path workingDir, Map<String, String> environment, Path log) throws IOException {
        return start(workingDir, environment, log, List.of("-Xmx256m"));
    }

    /** With JVM options of the caller's choosing (heap size, GC log). */
    public static ServiceProcess start(Path workingDir, Map<String, String> environment, Path log, List<String> jvmOptions)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run with mvn verify (it packages before this test)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start(), log);
    }

    /**
     * Properties of a file-only service (no Pub/Sub, no demo) on an outside Folders API, polling often and taking
     * files at once (they are dropped whole): how the crash test and the benchmarks run it.
     */
    public static Map<String, String> fileOnlyProperties(String foldersEndpoint, int rate, Path inbox, Path outbox) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("folders.emulator.enabled", "false");
        properties.put("folders.endpoint", foldersEndpoint);
        properties.put("folders.plaintext", "true");
        properties.put("resolver.rate", Integer.toString(rate));
        properties.put("pubsub.emulator.enabled", "false");
        properties.put("ingest.pubsub.enabled", "false");
        properties.put("output.pubsub.enabled", "false");
        properties.put("ingest.asset-feed.subscription", "");
        properties.put("demo.seed-sample-input", "false");
        properties.put("ingest.file.dir", inbox.toString());
        properties.put("output.file.dir", outbox.toString());
        properties.put("ingest.file.poll-delay", "50");
        properties.put("ingest.file.settle-time", "0s");
        properties.put("camel.management.port", "0");
        return properties;
    }

    /** The same as environment variables, the way an operator sets them ({@code ingest.file.dir} → {@code INGEST_FILE_DIR}). */
    public static Map<String, String> fileOnlyEnvironment(String foldersEndpoint, int rate, Path inbox, Path outbox) {
        Map<String, String> env = new java.util.HashMap<>();
        fileOnlyProperties(foldersEndpoint, rate, inbox, outbox)
                .forEach((key, value) -> env.put(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_"), value));
        return env;
    }

    /** SIGKILL: no shutdown hook, no finally block, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    /** SIGTERM: Camel's graceful shutdown, which gives up on in-flight work after its shutdown timeout. */
    public void terminate() throws InterruptedException {
        process.destroy();
        process.waitFor(2, TimeUnit.MINUTES);
    }

    /** Waits for the process to end by itself; its exit code, or empty if it still runs after the wait. */
    public java.util.OptionalInt awaitExit(java.time.Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    /** What it has logged so far. */
    public String logText() throws IOException {
        return Files.readString(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The operating system's process ID, e.g. to read its peak memory from /proc. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
