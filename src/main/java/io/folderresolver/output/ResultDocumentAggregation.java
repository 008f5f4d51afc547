package io.folderresolver.output;

import io.folderresolver.batch.FolderResult;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The split's aggregation: hands each entry's result, in the order results complete, to the batch's
 * {@link ResultDocument} (exchange property {@code resultDocument}), so no list of results is ever held.
 */
public final class ResultDocumentAggregation implements AggregationStrategy {

    public static final String DOCUMENT_PROPERTY = "resultDocument";

    @Override
    public Exchange aggregate(Exchange aggregated, Exchange completed) {
        ResultDocument document = completed.getProperty(DOCUMENT_PROPERTY, ResultDocument.class);
        document.add(completed.getMessage().getBody(FolderResult.class));
        return aggregated == null ? completed : aggregated;
    }
}
