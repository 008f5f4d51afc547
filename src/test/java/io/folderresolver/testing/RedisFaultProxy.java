package io.folderresolver.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A TCP proxy on 127.0.0.1 between a Redis client and a real redis-server that reads the client's commands (RESP
 * arrays of bulk strings, as Lettuce sends them) and, once armed, fails the first command that matches: it drops the
 * connection instead of passing the command on, or stalls it (passes nothing more until closed), so the client
 * times out. A fault lands on exactly that command of a lookup, not at a random moment.
 */
public final class RedisFaultProxy implements AutoCloseable {

    /** What happens to the matching command. */
    public enum Fault { DROP, STALL }

    private final ServerSocket listener;
    private final int redisPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Predicate<List<String>> armed;
    private volatile Fault fault;
    private volatile List<String> failed;

    private RedisFaultProxy(ServerSocket listener, int redisPort) {
        this.listener = listener;
        this.redisPort = redisPort;
    }

    public static RedisFaultProxy start(int redisPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RedisFaultProxy proxy = new RedisFaultProxy(listener, redisPort);
        Thread acceptor = new Thread(proxy::accept, "redis-fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    public String uri() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** The next command (its name and arguments, as text) for which {@code command} holds meets {@code fault}. */
    public void failAt(Predicate<List<String>> command, Fault fault) {
        this.failed = null;
        this.fault = fault;
        this.armed = command;
    }

    /** The command the fault met, once it has; null before. */
    public List<String> failed() {
        return failed;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), redisPort));
                sockets.add(client);
                sockets.add(server);
                daemon(() -> commands(client, server));
                daemon(() -> copy(server, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Client to server, command by command, until one matches the armed fault. */
    private void commands(Socket client, Socket server) {
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            while (true) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                List<String> command = readCommand(in, raw);
                if (command == null) {
                    return;
                }
                Predicate<List<String>> match = armed;
                if (match != null && match.test(command)) {
                    armed = null;
                    failed = command;
                    if (fault == Fault.DROP) {
                        client.close();
                        server.close();
                    } else {
                        closed.await(); // stalled: nothing passes until the proxy closes
                    }
                    return;
                }
                out.write(raw.toByteArray());
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // a side closed
        }
    }

    /** One RESP array of bulk strings; null at the end of the stream. Its bytes go to {@code raw} as read. */
    private static List<String> readCommand(InputStream in, ByteArrayOutputStream raw) throws IOException {
        String header = readLine(in, raw);
        if (header == null) {
            return null;
        }
        if (!header.startsWith("*")) {
            throw new IOException("not a RESP array: " + header);
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String length = readLine(in, raw);
            if (length == null || !length.startsWith("$")) {
                throw new IOException("not a RESP bulk string: " + length);
            }
            byte[] bytes = in.readNBytes(Integer.parseInt(length.substring(1)) + 2);
            raw.write(bytes);
            parts.add(new String(bytes, 0, bytes.length - 2, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                return null;
            }
            raw.write(next);
            if (previous == '\r' && next == '\n') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) next);
            previous = next;
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "redis-fault-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
