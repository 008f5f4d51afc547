package io.folderresolver.output;

import java.io.IOException;
import java.util.NoSuchElementException;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.BatchParser;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.resolver.FolderResolver;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The entries the split hands to its thread pool: only those that may need a call. An entry whose result is known
 * at once (a cached name or refusal, an invalid ID) is written to the result document by whichever thread reads the
 * split's next entry, as it reads past it, so a warm batch costs no exchange and no pool hand-off per ID. Results
 * still reach the document in completion order: a known result is complete when it is read.
 */
public final class KnownResults {

    private final FolderResolver resolver;

    public KnownResults(FolderResolver resolver) {
        this.resolver = resolver;
    }

    public BatchParser.CloseableEntries unknown(@Body BatchParser.CloseableEntries entries,
            @ExchangeProperty(ResultDocumentAggregation.DOCUMENT_PROPERTY) ResultDocument document,
            @ExchangeProperty(ResultDocumentAggregation.PROGRESS_PROPERTY) BatchProgress progress) {
        return new BatchParser.CloseableEntries() {

            private BatchEntry next;

            @Override
            public boolean hasNext() {
                while (next == null && entries.hasNext()) {
                    BatchEntry entry = entries.next();
                    FolderResult known = resolver.resultIfKnown(entry);
                    if (known == null) {
                        next = entry;
                    } else {
                        document.add(known);
                        progress.record(known);
                    }
                }
                return next != null;
            }

            @Override
            public BatchEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                BatchEntry entry = next;
                next = null;
                return entry;
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }
}
