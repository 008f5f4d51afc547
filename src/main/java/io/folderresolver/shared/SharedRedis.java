package io.folderresolver.shared;

import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection to the Redis the replicas share, and whether it is usable. Redis is an aid, never a
 * dependency: a command that fails marks it down, and for {@code retryInterval} every caller goes without it (local
 * limits, local cache) instead of waiting on it; then one PING decides. Commands fail fast ({@code timeout}; none
 * are queued while disconnected). The service starts while Redis is down. The password is a setting of its own
 * (Camel masks it in its start-up summary; it would print a URI whole); logs name host and port only.
 */
public final class SharedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRedis.class);

    private final RedisClient client;
    private final String where;
    private final long retryIntervalNanos;
    private final LongSupplier nanoClock;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile boolean down;
    private volatile long retryAt;
    private volatile String lastFailure = "";
    private final List<Future<?>> scheduled = new CopyOnWriteArrayList<>();
    private final Map<String, StatefulRedisPubSubConnection<String, byte[]>> subscriptions = new ConcurrentHashMap<>();

    /** @param password Redis AUTH (Memorystore's AUTH string); empty for none */
    public SharedRedis(String uri, String password, Duration timeout, Duration retryInterval, LongSupplier nanoClock) {
        RedisURI redisUri = RedisURI.create(uri);
        if (!password.isEmpty()) {
            redisUri.setPassword(password.toCharArray());
        }
        redisUri.setTimeout(timeout);
        this.where = redisUri.getHost() + ":" + redisUri.getPort();
        this.retryIntervalNanos = retryInterval.toNanos();
        this.nanoClock = nanoClock;
        this.client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    /** Host and port, for logs and health details. */
    public String where() {
        return where;
    }

    /** Empty while Redis is counted down; otherwise the connection (connected on first use). */
    public Optional<StatefulRedisConnection<String, byte[]>> connection() {
        if (down && nanoClock.getAsLong() - retryAt < 0) {
            return Optional.empty();
        }
        if (down || connection == null) {
            return check();
        }
        return Optional.of(connection);
    }

    /**
     * A command failed: go without Redis for the retry interval. Not when it failed because the calling thread was
     * interrupted (a batch stopped): Redis did nothing wrong.
     */
    public void failed(RuntimeException e) {
        if (Thread.currentThread().isInterrupted() || e instanceof RedisCommandInterruptedException) {
            return;
        }
        retryAt = nanoClock.getAsLong() + retryIntervalNanos;
        lastFailure = String.valueOf(e.getMessage());
        if (!down) {
            down = true;
            LOG.warn("Redis at {} is unreachable ({}): each replica now calls the Folders API at most at "
                    + "resolver.rate / resolver.shared.replicas and shares no cache; checking again every {} s",
                    where, lastFailure, Duration.ofNanos(retryIntervalNanos).toSeconds());
        }
    }

    /** Asks Redis whether it is there (a PING, as often as health probes come), so an idle replica knows too. */
    public boolean ping() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open == null || down) {
            return connection().isPresent(); // connects or checks again, with a PING of its own
        }
        try {
            open.sync().ping();
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /** Runs {@code task} every {@code period} on the Redis client's own threads, until it is closed. */
    public void every(Duration period, Runnable task) {
        scheduled.add(client.getResources().eventExecutorGroup().scheduleAtFixedRate(task, period.toMillis(),
                period.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Hands every message published on {@code channel} to {@code listener} (on the Redis client's thread: it must not
     * block), from now on, over a connection of its own that re-subscribes after a reconnection. While Redis cannot
     * be reached it tries again every retry interval.
     */
    public void subscribe(String channel, Consumer<byte[]> listener) {
        Runnable subscribe = () -> {
            if (subscriptions.containsKey(channel) || down && nanoClock.getAsLong() - retryAt < 0) {
                return;
            }
            try {
                StatefulRedisPubSubConnection<String, byte[]> pubSub =
                        client.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                pubSub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String from, byte[] message) {
                        listener.accept(message);
                    }
                });
                pubSub.sync().subscribe(channel);
                subscriptions.put(channel, pubSub);
            } catch (RuntimeException e) {
                failed(e);
            }
        };
        subscribe.run();
        every(Duration.ofNanos(retryIntervalNanos), subscribe);
    }

    public boolean isUp() {
        return connection != null && !down;
    }

    /** Why it was last counted down; empty if it never was. */
    public String lastFailure() {
        return lastFailure;
    }

    private synchronized Optional<StatefulRedisConnection<String, byte[]>> check() {
        if (down && nanoClock.getAsLong() - retryAt < 0) {
            return Optional.empty();
        }
        if (!down && connection != null) {
            return Optional.of(connection); // another thread connected meanwhile
        }
        try {
            if (connection == null) {
                connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            }
            connection.sync().ping();
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
        if (down) {
            down = false;
            LOG.info("Redis at {} answers again: the fleet shares one quota and one cache", where);
        } else {
            LOG.info("Connected to Redis at {}: the fleet shares one quota and one cache", where);
        }
        return Optional.of(connection);
    }

    @Override
    public void close() {
        scheduled.forEach(task -> task.cancel(false));
        subscriptions.values().forEach(StatefulRedisPubSubConnection::close);
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
