package io.folderresolver.health;

import java.util.List;
import java.util.Map;

import io.folderresolver.output.BatchProgress;
import io.folderresolver.output.ProgressBoard;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The running batches in /observe/health: how many, and which are stalled. Always UP, and never a liveness check:
 * a restart would redeliver a Pub/Sub batch and take a file batch again, to meet the same outage, fault or quota
 * that stopped it, and lose what it had done; a stalled batch is for people to see (WARN, gauge, alert), not for the
 * kubelet to act on.
 */
public final class BatchesHealthCheck extends AbstractHealthCheck {

    private final ProgressBoard board;

    public BatchesHealthCheck(ProgressBoard board) {
        super("folder-resolver", "batches");
        this.board = board;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<BatchProgress.Snapshot> running = board.snapshots();
        List<String> stalled = running.stream().filter(BatchProgress.Snapshot::stalled)
                .map(batch -> batch.batchId() + " (" + batch.done() + " of " + batch.total() + " done, none for "
                        + batch.unmoving().toSeconds() + " s)").toList();
        builder.detail("batches.running", running.size());
        builder.detail("batches.stalled", stalled.size());
        builder.message(running.size() + " batches running" + (stalled.isEmpty() ? ""
                : ", stalled: " + String.join(", ", stalled) + "; see /observe/batches for what they wait for"));
        builder.up();
    }
}
