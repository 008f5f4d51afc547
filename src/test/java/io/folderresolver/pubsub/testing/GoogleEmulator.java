package io.folderresolver.pubsub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Google's Pub/Sub emulator (from the Cloud SDK), run as a child process on a free port of 127.0.0.1. Its output
 * goes to {@code target/pubsub-emulator-<port>.log}. It is stopped by its PID: politely, then by force.
 */
public final class GoogleEmulator implements AutoCloseable {

    public static final Path LAUNCHER = Path.of(System.getProperty("pubsub.emulator.launcher",
            "/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread killOnExit;

    private GoogleEmulator(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        // If the test JVM dies without @AfterAll, the emulator must not outlive it.
        this.killOnExit = new Thread(process::destroyForcibly, "pubsub-emulator-killer");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    public static boolean installed() {
        return Files.isExecutable(LAUNCHER);
    }

    public static GoogleEmulator start() {
        int port = freePort();
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve("pubsub-emulator-" + port + ".log");
            Process process = new ProcessBuilder(LAUNCHER.toString(), "--host=127.0.0.1", "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            GoogleEmulator emulator = new GoogleEmulator(process, port, log);
            emulator.awaitListening();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + LAUNCHER, e);
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitListening() {
        try {
            await("the Pub/Sub emulator to listen on 127.0.0.1:" + port)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the Pub/Sub emulator exited with " + process.exitValue()
                                    + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
                        }
                        return accepts();
                    });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        // The launcher script execs java, so the process is the emulator; any children go too.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
