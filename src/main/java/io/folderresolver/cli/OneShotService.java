package io.folderresolver.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.folderresolver.FolderResolverApplication;
import io.folderresolver.ServiceMode;
import io.folderresolver.batch.BatchInput;
import io.folderresolver.output.BatchProgress;
import io.folderresolver.output.ProgressBoard;
import io.folderresolver.output.WrittenResult;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The service's own engine for one batch: the same configuration, routes, resolver, cache, limiter and retries,
 * with nothing listening (no inbox, no Pub/Sub, no HTTP server). The batch goes through the route
 * {@code direct:resolve-batch}; its result document is written to a private outbox.
 */
final class OneShotService implements AutoCloseable {

    private final Main main;

    private OneShotService(Main main) {
        this.main = main;
    }

    /**
     * @param config   a properties file whose keys win over config/ (may be null)
     * @param settings keys set on the command line, which win over everything
     */
    static OneShotService start(ServiceMode mode, Path outbox, Path config, Map<String, String> settings)
            throws Exception {
        // The first location wins: --config, then the mode's file, then application.properties.
        Main main = FolderResolverApplication.wired(mode, config == null ? null : "file:" + config.toAbsolutePath());
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.put(ServiceMode.KEY, mode.profile());
        overrides.put("ingest.file.enabled", "false");
        overrides.put("ingest.pubsub.enabled", "false");
        overrides.put("output.pubsub.enabled", "false");
        overrides.put("ingest.asset-feed.subscription", "");
        overrides.put("demo.seed-sample-input", "false");
        overrides.put("camel.management.enabled", "false");
        overrides.put("output.file.dir", outbox.toString());
        // Ctrl-C stops at once: the document is only ever written whole, at the end, so waiting saves nothing.
        overrides.put("camel.main.shutdown-timeout", "1");
        overrides.forEach(main::addOverrideProperty);
        OneShotService service = new OneShotService(main);
        try {
            main.start();
            return service;
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    /** Resolves the batch; throws what made it unreadable or failed it. */
    WrittenResult resolve(BatchInput input) throws Exception {
        try (ProducerTemplate template = main.getCamelContext().createProducerTemplate()) {
            Exchange done = template.send("direct:resolve-batch", exchange -> exchange.setProperty("batchInput", input));
            if (done.getException() != null) {
                throw done.getException();
            }
            return done.getMessage().getBody(WrittenResult.class);
        }
    }

    /** How far the batch has got, once it has been read. */
    Optional<BatchProgress.Snapshot> progress() {
        ProgressBoard board = main.getCamelContext() == null ? null
                : main.getCamelContext().getRegistry().lookupByNameAndType("progressBoard", ProgressBoard.class);
        return board == null ? Optional.empty() : board.snapshots().stream().findFirst();
    }

    @Override
    public void close() {
        main.stop();
    }
}
