package io.folderresolver.health;

import java.util.Locale;
import java.util.Map;

import io.folderresolver.shared.SharedRedis;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Whether the replicas share their quota and cache through Redis. Always UP: without Redis the service works on
 * local limits (each replica at resolver.rate / resolver.shared.replicas), which it says here and in its log;
 * taking replicas out of rotation would not bring Redis back. Each probe PINGs Redis (no API call), so an idle
 * replica notices Redis going and coming back too.
 */
public final class SharedStateHealthCheck extends AbstractHealthCheck {

    private final SharedRedis redis;
    private final double localRate;

    /** @param localRate calls per second this replica makes while Redis is unreachable */
    public SharedStateHealthCheck(SharedRedis redis, double localRate) {
        super("folder-resolver", "shared-state");
        this.redis = redis;
        this.localRate = localRate;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean up = redis.ping();
        builder.detail("redis", redis.where());
        builder.detail("redis.up", up);
        if (!up) {
            builder.message("Redis unreachable (" + redis.lastFailure() + "): this replica calls the Folders API at "
                    + "most " + perSecond() + "/s and shares no cache until it answers again");
        }
        builder.up();
    }

    private String perSecond() {
        return localRate == Math.rint(localRate) ? Long.toString((long) localRate)
                : String.format(Locale.ROOT, "%.2f", localRate);
    }
}
