package io.folderresolver.local.pubsub;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Google Cloud Pub/Sub: a plaintext gRPC server on 127.0.0.1 serving
 * {@code google.pubsub.v1.Publisher} and {@code google.pubsub.v1.Subscriber} well enough for the official Java
 * client and camel-google-pubsub. It is not Google's service nor its emulator; it exists so the service and its
 * tests run offline, with at-least-once delivery: unacked messages come back after their ack deadline, nacked ones
 * at once, to any Pull or stream of the subscription. Topics and subscriptions live in memory only.
 *
 * <p>Not offered: snapshots, seek, schemas, filters, push, dead-lettering, exactly-once delivery, ordered delivery
 * per ordering key (the key is kept on the message; delivery is in publish order, redeliveries first), IAM.
 */
public final class PubSubStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubStandIn.class);
    /** How often ack deadlines are checked; redelivery may come this much after a deadline. */
    private static final long TICK_MILLIS = 50;

    private final Server server;
    private final ScheduledExecutorService scheduler;
    private final Broker broker;

    private PubSubStandIn(Server server, ScheduledExecutorService scheduler, Broker broker) {
        this.server = server;
        this.scheduler = scheduler;
        this.broker = broker;
    }

    /** Pub/Sub's limit on a publish request (so on a message), refused with INVALID_ARGUMENT beyond it. */
    static final int MAX_PUBLISH_REQUEST_BYTES = 10 * 1024 * 1024;

    /** Starts serving on 127.0.0.1; port 0 picks a free one. */
    public static PubSubStandIn start(int port) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat("pubsub-stand-in-ticker").setDaemon(true).build());
        Broker broker = new Broker(scheduler);
        scheduler.scheduleWithFixedDelay(() -> expireLeases(broker), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    // Above the publish limit, so an oversized request gets Pub/Sub's answer, not gRPC's.
                    .maxInboundMessageSize(2 * MAX_PUBLISH_REQUEST_BYTES)
                    .addService(new PublisherService(broker))
                    .addService(new SubscriberService(broker))
                    .build()
                    .start();
            LOG.info("Pub/Sub stand-in serving on 127.0.0.1:{}", server.getPort());
            return new PubSubStandIn(server, scheduler, broker);
        } catch (IOException e) {
            scheduler.shutdownNow();
            throw new UncheckedIOException("cannot start the Pub/Sub stand-in on 127.0.0.1:" + port, e);
        }
    }

    /** host:port, as a gRPC target or {@code PUBSUB_EMULATOR_HOST} takes it. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Counters of one subscription, e.g. {@code projects/p/subscriptions/s}. */
    public SubscriptionStats stats(String subscription) {
        return broker.queue(subscription).stats();
    }

    /** Ends every open stream and waiting pull with UNAVAILABLE, then stops the server and the ticker. */
    @Override
    public void close() {
        broker.shutdown(Status.UNAVAILABLE.withDescription("The Pub/Sub stand-in is shutting down").asRuntimeException());
        // Graceful first: the broker has just ended every stream and waiting pull with UNAVAILABLE, and shutdownNow
        // could cancel those calls before that answer reaches the client (it would then see CANCELLED).
        server.shutdown();
        scheduler.shutdownNow();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // A scheduled task that throws is never run again, so a failure here must not escape.
    private static void expireLeases(Broker broker) {
        try {
            broker.expireLeases();
        } catch (RuntimeException e) {
            LOG.error("Pub/Sub stand-in could not expire ack deadlines", e);
        }
    }
}
