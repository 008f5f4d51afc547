package io.folderresolver.logging;

import io.folderresolver.batch.Batch;
import org.slf4j.MDC;

/**
 * Puts a batch's ID and source in the logging MDC, so every line logged for it carries them (as fields in JSON
 * logs). Camel's MDC logging ({@code camel.main.use-mdc-logging}) carries these keys to the split's threads and
 * removes them when the exchange is done ({@code camel.main.mdc-logging-keys-pattern}).
 */
public final class BatchMdc {

    private BatchMdc() {
    }

    public static void tag(Batch batch) {
        MDC.put("batchId", batch.batchId());
        MDC.put("source", batch.source());
    }
}
