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
     * Environment variables for a file-only service (no Pub/Sub, no demo) on an outside Folders API, polling often
     * and taking files at once (they are dropped whole): how the crash test and the ingest benchmark run it.
     */
    public static Map<String, String> fileOnlyEnvironment(String foldersEndpoint, int rate, Path inbox, Path outbox) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("FOLDERS_EMULATOR_ENABLED", "false");
        env.put("FOLDERS_ENDPOINT", foldersEndpoint);
        env.put("FOLDERS_PLAINTEXT", "true");
        env.put("RESOLVER_RATE", Integer.toString(rate));
        env.put("PUBSUB_EMULATOR_ENABLED", "false");
        env.put("INGEST_PUBSUB_ENABLED", "false");
        env.put("OUTPUT_PUBSUB_ENABLED", "false");
        env.put("DEMO_SEED_SAMPLE_INPUT", "false");
        env.put("INGEST_FILE_DIR", inbox.toString());
        env.put("OUTPUT_FILE_DIR", outbox.toString());
        env.put("INGEST_FILE_POLL_DELAY", "50");
        env.put("INGEST_FILE_SETTLE_TIME", "0s");
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
