package io.folderresolver.health;

import java.io.IOException;

import io.folderresolver.output.ProgressBoard;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /observe/batches} on the management port: the batches running now, as JSON (ID, source, done of total by
 * status, rate, ETA, stalled and what it waits for). Per-batch detail lives here, not in metrics, whose labels must
 * not come from input.
 */
public final class BatchesView {

    private static final Logger LOG = LoggerFactory.getLogger(BatchesView.class);
    static final String PATH = "/observe/batches";

    private BatchesView() {
    }

    /** Once Camel has started its management server (none when camel.management.enabled is false). */
    public static void serve(CamelContext context, ProgressBoard board) throws Exception {
        ManagementRoutes.whenServing(context, router -> router.route(HttpMethod.GET, PATH).handler(request -> {
            try {
                request.response().putHeader("Content-Type", "application/json").end(board.json());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot show the running batches: {}", e.getMessage());
                request.response().setStatusCode(500).end();
            }
        }));
    }
}
