package io.folderresolver.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/** The entries of a text batch: one per line that is neither blank nor a {@code #} comment. */
final class TextEntries implements BatchParser.CloseableEntries {

    private final BoundedLines lines;
    private BatchEntry next;
    private int index;

    TextEntries(BoundedLines lines) {
        this.lines = lines;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
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

    private BatchEntry read() {
        try {
            String line;
            while ((line = lines.next()) != null) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    return FolderIds.entry(index++, trimmed);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
