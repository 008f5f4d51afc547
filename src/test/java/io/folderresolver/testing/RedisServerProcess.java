package io.folderresolver.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import redis.embedded.core.ExecutableProvider;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (the Redis 6.2 binary embedded-redis ships, so nothing needs installing) as a child
 * process on a free port of 127.0.0.1, without persistence. {@link #kill()} is {@code kill -9} by PID;
 * {@link #restart()} brings up an empty one on the same port.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final File binary;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServerProcess(File binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    public static RedisServerProcess start() throws IOException {
        RedisServerProcess redis = new RedisServerProcess(ExecutableProvider.newJarResourceProvider().get(), freePort(),
                Files.createTempFile("redis-server", ".log"));
        redis.log.toFile().deleteOnExit();
        redis.launch();
        return redis;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no goodbye to its clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public void restart() throws IOException {
        launch();
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(List.of(binary.getAbsolutePath(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(START_TIMEOUT).ignoreExceptionsInstanceOf(IOException.class).until(this::accepts);
    }

    private boolean accepts() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited: " + Files.readString(log));
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
