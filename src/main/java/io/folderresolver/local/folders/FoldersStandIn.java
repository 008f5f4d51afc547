package io.folderresolver.local.folders;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.TimeMeter;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Google's Resource Manager v3 Folders API: a plaintext gRPC server on 127.0.0.1 that the
 * official {@code FoldersClient} talks to. It is not Google's service; it exists so the service, its tests and
 * benchmarks run offline. No Resource Manager emulator exists elsewhere.
 */
public final class FoldersStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FoldersStandIn.class);

    private final Server server;
    private final ScheduledExecutorService answerer;
    private final FoldersStandInService service;
    private final CallCounters counters;

    private FoldersStandIn(Server server, ScheduledExecutorService answerer, FoldersStandInService service,
            CallCounters counters) {
        this.server = server;
        this.answerer = answerer;
        this.service = service;
        this.counters = counters;
    }

    /** Starts serving on 127.0.0.1; port 0 picks a free one. */
    public static FoldersStandIn start(FolderTree tree, StandInBehaviour behaviour, int port) {
        return start(tree, behaviour, port, TimeMeter.SYSTEM_NANOTIME);
    }

    /** As {@link #start(FolderTree, StandInBehaviour, int)}, with the quota's time on a clock the caller moves. */
    public static FoldersStandIn start(FolderTree tree, StandInBehaviour behaviour, int port, TimeMeter quotaClock) {
        ScheduledExecutorService answerer = Executors.newScheduledThreadPool(2,
                new ThreadFactoryBuilder().setNameFormat("folders-stand-in-%d").setDaemon(true).build());
        CallCounters counters = new CallCounters();
        FoldersStandInService service = new FoldersStandInService(tree, behaviour, quotaClock, answerer, counters);
        try {
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(service)
                    .build()
                    .start();
            LOG.info("Folders API stand-in serving {} folders on 127.0.0.1:{} ({})", tree.size(), server.getPort(), behaviour);
            return new FoldersStandIn(server, answerer, service, counters);
        } catch (IOException e) {
            answerer.shutdownNow();
            throw new UncheckedIOException("cannot start the Folders API stand-in on 127.0.0.1:" + port, e);
        }
    }

    /** host:port, as {@code folders.endpoint} takes it. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    public CallCounters counters() {
        return counters;
    }

    /** Makes every GetFolder for this ID take exactly this long, overriding latency and jitter. */
    public void delay(String folderId, Duration latency) {
        service.delay(folderId, latency);
    }

    /** Makes every SearchFolders page take exactly this long. */
    public void delaySearch(Duration latency) {
        service.delay(FoldersStandInService.SEARCH, latency);
    }

    /** While on, SearchFolders answers are held back; off, the held ones go out. For tests that need a listing midway. */
    public void holdSearches(boolean hold) {
        service.holdSearches(hold);
    }

    /** Makes the next {@code times} GetFolder calls for this ID fail with {@code code}. */
    public void failNext(String folderId, Status.Code code, int times) {
        service.failNext(folderId, code, times);
    }

    /**
     * While set, every GetFolder and SearchFolders is refused with this fault, as Google refuses a mis-configured
     * caller (before its quota is counted); null lifts it.
     */
    public void setupFault(SetupFault fault) {
        service.setupFault(fault);
    }

    /** While on, every GetFolder and SearchFolders answers UNAVAILABLE, as during an outage behind a load balancer. */
    public void unavailable(boolean on) {
        service.unavailable(on);
    }

    @Override
    public void close() {
        server.shutdownNow();
        answerer.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
