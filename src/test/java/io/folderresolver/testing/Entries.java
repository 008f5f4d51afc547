package io.folderresolver.testing;

import java.util.Iterator;
import java.util.List;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.BatchParser;

/** Batch entries as the parser hands them to the route, from a list. */
public final class Entries {

    private Entries() {
    }

    public static BatchParser.CloseableEntries of(List<BatchEntry> entries) {
        Iterator<BatchEntry> iterator = entries.iterator();
        return new BatchParser.CloseableEntries() {
            @Override
            public boolean hasNext() {
                return iterator.hasNext();
            }

            @Override
            public BatchEntry next() {
                return iterator.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
