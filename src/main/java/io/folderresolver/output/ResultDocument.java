package io.folderresolver.output;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.Batch;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;

/**
 * One batch's result document, written as results complete: each result goes to a spool file at once, and each
 * display name to a {@link NameSpool} (for {@code names}, in index order), so memory holds only the counts.
 * {@link #finish} writes the document (counts first, then {@code results} in completion order, then {@code names})
 * under a hidden temporary name. Results must be added one at a time, as Camel's aggregation does.
 */
public final class ResultDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Batch batch;
    private final Path outbox;
    private final Clock clock;
    private final String tempSuffix = UUID.randomUUID().toString();
    private final Path spool;
    private final JsonGenerator spoolWriter;
    private final NameSpool names;
    private final Map<FolderStatus, Integer> statuses = new EnumMap<>(FolderStatus.class);
    private int added;

    ResultDocument(Batch batch, Path outbox, Clock clock) {
        this.batch = batch;
        this.outbox = outbox;
        this.clock = clock;
        this.spool = outbox.resolve(ResultFiles.SPOOL_PREFIX + batch.resultFileName() + "-" + tempSuffix);
        String spoolName = ResultFiles.SPOOL_PREFIX + batch.resultFileName() + "-" + tempSuffix;
        try {
            this.names = new NameSpool(outbox.resolve(spoolName + ".slots"), outbox.resolve(spoolName + ".names"),
                    batch.total());
            this.spoolWriter = JSON.getFactory().createGenerator(new BufferedOutputStream(Files.newOutputStream(spool)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spool, e);
        }
    }

    public void add(FolderResult result) {
        try {
            JSON.writeValue(spoolWriter, result);
            if (result.status() == FolderStatus.RESOLVED) {
                names.put(result.index(), result.displayName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spool, e);
        }
        statuses.merge(result.status(), 1, Integer::sum);
        added++;
    }

    public WrittenResult finish() {
        if (added != batch.total()) {
            throw new IllegalStateException("batch " + batch.batchId() + " has " + batch.total()
                    + " entries but " + added + " results");
        }
        Path document = outbox.resolve(ResultFiles.WRITING_PREFIX + batch.resultFileName() + "-" + tempSuffix);
        Instant completedAt = clock.instant();
        int resolved = statuses.getOrDefault(FolderStatus.RESOLVED, 0);
        try {
            spoolWriter.close();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(document));
                    JsonGenerator json = JSON.getFactory().createGenerator(out).useDefaultPrettyPrinter();
                    InputStream spooled = new BufferedInputStream(Files.newInputStream(spool));
                    JsonParser results = JSON.getFactory().createParser(spooled)) {
                json.writeStartObject();
                json.writeStringField("batchId", batch.batchId());
                json.writeStringField("source", batch.source());
                json.writeStringField("receivedAt", batch.receivedAt().toString());
                json.writeStringField("completedAt", completedAt.toString());
                json.writeNumberField("durationMillis", Duration.between(batch.receivedAt(), completedAt).toMillis());
                json.writeNumberField("total", batch.total());
                json.writeNumberField("resolved", resolved);
                json.writeNumberField("failed", batch.total() - resolved);
                json.writeObjectFieldStart("statuses");
                for (Map.Entry<FolderStatus, Integer> status : statuses.entrySet()) {
                    json.writeNumberField(status.getKey().name(), status.getValue());
                }
                json.writeEndObject();
                json.writeArrayFieldStart("results");
                while (results.nextToken() != null) {
                    json.copyCurrentStructure(results);
                }
                json.writeEndArray();
                json.writeObjectFieldStart("names");
                names.forEachInIndexOrder((name, index) -> {
                    try {
                        json.writeStringField("folder_" + index + "_name", name);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                json.writeEndObject();
                json.writeEndObject();
            }
            Files.deleteIfExists(spool);
            names.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result of batch " + batch.batchId(), e);
        }
        return new WrittenResult(document, batch.resultFileName(), batch.batchId(), batch.total(), resolved,
                batch.total() - resolved);
    }
}
