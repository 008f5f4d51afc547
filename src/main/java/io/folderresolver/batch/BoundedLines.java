package io.folderresolver.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of strict UTF-8 text, each at most {@link BatchLimits#MAX_TEXT_CHARS} characters, so a file of one huge
 * line is refused instead of read into memory. A leading byte order mark is skipped.
 */
final class BoundedLines implements AutoCloseable {

    private final Reader reader;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int lineNumber;
    private boolean first = true;

    BoundedLines(InputStream content) {
        this.reader = new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** The next line without its line break, or null at the end. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                return line.isEmpty() ? null : finish(line);
            }
            char c = buffer[position++];
            if (c == '\n') {
                return finish(line);
            }
            if (c == '\r') {
                if ((position < limit || fill()) && buffer[position] == '\n') {
                    position++;
                }
                return finish(line);
            }
            if (line.length() >= BatchLimits.MAX_TEXT_CHARS) {
                throw new UnreadableBatchException("line " + (lineNumber + 1) + " is longer than "
                        + BatchLimits.MAX_TEXT_CHARS + " characters");
            }
            line.append(c);
        }
    }

    private String finish(StringBuilder line) {
        lineNumber++;
        if (first) {
            first = false;
            if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line.deleteCharAt(0);
            }
        }
        return line.toString();
    }

    private boolean fill() throws IOException {
        try {
            int read = reader.read(buffer, 0, buffer.length);
            if (read <= 0) {
                return false;
            }
            position = 0;
            limit = read;
            return true;
        } catch (CharacterCodingException e) {
            throw new UnreadableBatchException("not UTF-8 text", e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
