package io.folderresolver.local.assets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.folderresolver.local.folders.FolderTree;
import io.github.bucket4j.TimeMeter;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Google's Cloud Asset Inventory API (ListAssets, SearchAllResources for folders): a plaintext
 * gRPC server on 127.0.0.1 that the official {@code AssetServiceClient} talks to, over the same folder tree as the
 * Folders stand-in. It is not Google's service; no Cloud Asset emulator exists elsewhere.
 */
public final class AssetsStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssetsStandIn.class);

    private final Server server;
    private final AssetCallCounters counters;

    private AssetsStandIn(Server server, AssetCallCounters counters) {
        this.server = server;
        this.counters = counters;
    }

    /**
     * Starts serving on 127.0.0.1 (port 0 picks a free one), with Google's per-minute quotas (0 = none).
     *
     * @param quotaClock the quotas' time, for tests that move it
     */
    public static AssetsStandIn start(FolderTree tree, int listPerMinute, int searchPerMinute, int port,
            TimeMeter quotaClock) {
        AssetCallCounters counters = new AssetCallCounters();
        try {
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(new AssetServiceStandIn(tree, listPerMinute, searchPerMinute, quotaClock, counters))
                    .build()
                    .start();
            LOG.info("Cloud Asset Inventory stand-in serving {} folders on 127.0.0.1:{} (ListAssets {}/min, "
                    + "SearchAllResources {}/min)", tree.size(), server.getPort(), listPerMinute, searchPerMinute);
            return new AssetsStandIn(server, counters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Cloud Asset Inventory stand-in on 127.0.0.1:" + port, e);
        }
    }

    public static AssetsStandIn start(FolderTree tree, int listPerMinute, int searchPerMinute, int port) {
        return start(tree, listPerMinute, searchPerMinute, port, TimeMeter.SYSTEM_NANOTIME);
    }

    /** host:port, as {@code assets.endpoint} takes it. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    public AssetCallCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
