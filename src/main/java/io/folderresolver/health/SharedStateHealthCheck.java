package io.folderresolver.health;

import java.util.Map;

import io.folderresolver.shared.SharedRedis;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Whether the replicas share their quota and cache through Redis. Always UP: without Redis the service works on
 * local limits (each replica at resolver.rate / resolver.shared.replicas), which it says here and in its log;
 * taking replicas out of rotation would not bring Redis back. Reads the last command's outcome: no call.
 */
public final class SharedStateHealthCheck extends AbstractHealthCheck {

    private final SharedRedis redis;
    private final long localRate;

    public SharedStateHealthCheck(SharedRedis redis, long localRate) {
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
        builder.detail("redis", redis.where());
        builder.detail("redis.up", redis.isUp());
        if (!redis.isUp()) {
            builder.message("Redis unreachable (" + redis.lastFailure() + "): this replica calls the Folders API at "
                    + "most " + localRate + "/s and shares no cache until it answers again");
        }
        builder.up();
    }
}
