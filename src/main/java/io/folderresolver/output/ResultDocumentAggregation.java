package io.folderresolver.output;

import io.folderresolver.batch.FolderResult;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The split's aggregation: hands each result the pool made (results known at once went there already, through
 * {@link KnownResults}), in the order results complete, to the batch's
 * {@link ResultDocument} (exchange property {@code resultDocument}), so no list of results is ever held, and counts
 * it in the batch's {@link BatchProgress} (property {@code progress}).
 */
public final class ResultDocumentAggregation implements AggregationStrategy {

    public static final String DOCUMENT_PROPERTY = "resultDocument";
    public static final String PROGRESS_PROPERTY = "progress";

    @Override
    public Exchange aggregate(Exchange aggregated, Exchange completed) {
        ResultDocument document = completed.getProperty(DOCUMENT_PROPERTY, ResultDocument.class);
        FolderResult result = completed.getMessage().getBody(FolderResult.class);
        document.add(result);
        completed.getProperty(PROGRESS_PROPERTY, BatchProgress.class).record(result);
        return aggregated == null ? completed : aggregated;
    }
}
