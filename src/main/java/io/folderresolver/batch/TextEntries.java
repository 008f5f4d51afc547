package io.folderresolver.batch;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.common.collect.AbstractIterator;

/** The entries of a text batch: one per line that is neither blank nor a {@code #} comment. */
final class TextEntries extends AbstractIterator<BatchEntry> implements BatchParser.CloseableEntries {

    private final BoundedLines lines;
    private int index;

    TextEntries(BoundedLines lines) {
        this.lines = lines;
    }

    @Override
    protected BatchEntry computeNext() {
        try {
            String line;
            while ((line = lines.next()) != null) {
                String trimmed = line.strip();
                if (BatchParser.isEntry(trimmed)) {
                    return FolderIds.entry(index++, trimmed);
                }
            }
            return endOfData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
