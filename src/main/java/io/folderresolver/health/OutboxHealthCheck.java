package io.folderresolver.health;

import java.util.Map;

import io.folderresolver.output.OutboxState;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the outbox cannot be written (a full disk, an I/O error, no permission), naming the path and
 * its free space; UP again after the next write that succeeds. Not liveness: a restart frees no disk space.
 */
public final class OutboxHealthCheck extends AbstractHealthCheck {

    private final OutboxState outbox;

    public OutboxHealthCheck(OutboxState outbox) {
        super("folder-resolver", "outbox");
        this.outbox = outbox;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        outbox.failure().ifPresentOrElse(failure -> builder.message(failure).down(), builder::up);
    }
}
