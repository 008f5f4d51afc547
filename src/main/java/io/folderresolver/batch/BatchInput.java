package io.folderresolver.batch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A batch as received, which the parser reads twice (once to check and count it, once to resolve it): a file in
 * the inbox or a message's data.
 *
 * @param source         where it came from, as results name it ({@code file:ids.txt}, {@code pubsub:sub})
 * @param defaultBatchId the batch ID when the content names none
 * @param identity       what makes this delivery the same one after a restart: the file's name, size and modified
 *                       time, or the message ID (part of the batch's fingerprint)
 * @param length         its size in bytes
 */
public record BatchInput(String source, String defaultBatchId, String identity, long length, Opener opener) {

    /** Opens the content from its start. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public InputStream open() throws IOException {
        return opener.open();
    }

    /** A regular file, never followed through a symbolic link. */
    public static BatchInput ofFile(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String name = file.getFileName().toString();
        if (!attributes.isRegularFile()) {
            throw new UnreadableBatchException("not a regular file");
        }
        String identity = name + "\n" + attributes.size() + "\n" + attributes.lastModifiedTime().toMillis();
        return new BatchInput("file:" + name, withoutLastExtension(name), identity, attributes.size(),
                () -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
    }

    /** A Pub/Sub message's data; its message ID is its identity and its default batch ID. */
    public static BatchInput ofMessage(byte[] data, String messageId, String source) {
        return new BatchInput(source, messageId, messageId, data.length, () -> new ByteArrayInputStream(data));
    }

    /** {@code ids.2026-11-29.v2.txt} is batch {@code ids.2026-11-29.v2}; a dot-less name stays whole. */
    static String withoutLastExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
