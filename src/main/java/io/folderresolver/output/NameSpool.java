package io.folderresolver.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.ObjIntConsumer;

/**
 * The display names of one batch by entry index. Up to {@value #IN_MEMORY_ENTRIES} entries they are kept in memory;
 * larger batches keep them on disk so the heap does not grow with the batch: names are appended to one file as they
 * complete, and a memory-mapped slot of 8 bytes per entry says where each one is. {@link #forEachInIndexOrder}
 * gives them back in index order, as {@code names} needs.
 */
final class NameSpool implements AutoCloseable {

    static final int IN_MEMORY_ENTRIES = 100_000;
    private static final int MAX_NAME_BYTES = 0xFFFF;

    private final String[] inMemory;

    private final Path slotsFile;
    private final Path namesFile;
    private final MappedByteBuffer slots;
    private final OutputStream names;
    private final int total;
    private long written;

    NameSpool(Path slotsFile, Path namesFile, int total) throws IOException {
        this.slotsFile = slotsFile;
        this.namesFile = namesFile;
        this.total = total;
        if (total <= IN_MEMORY_ENTRIES) {
            this.inMemory = new String[total];
            this.slots = null;
            this.names = null;
            return;
        }
        this.inMemory = null;
        try (FileChannel channel = FileChannel.open(slotsFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            this.slots = channel.map(FileChannel.MapMode.READ_WRITE, 0, 8L * total);
        }
        this.names = new BufferedOutputStream(Files.newOutputStream(namesFile, StandardOpenOption.CREATE_NEW));
    }

    /** Slot = (offset + 1) << 16 | length, so an empty slot (0) means "no name". */
    void put(int index, String name) throws IOException {
        if (inMemory != null) {
            inMemory[index] = name;
            return;
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("display name of entry " + index + " is longer than " + MAX_NAME_BYTES + " bytes");
        }
        names.write(bytes);
        slots.putLong(8 * index, ((written + 1) << 16) | bytes.length);
        written += bytes.length;
    }

    void forEachInIndexOrder(ObjIntConsumer<String> action) throws IOException {
        if (inMemory != null) {
            for (int index = 0; index < total; index++) {
                if (inMemory[index] != null) {
                    action.accept(inMemory[index], index);
                }
            }
            return;
        }
        names.flush();
        try (FileChannel channel = FileChannel.open(namesFile, StandardOpenOption.READ)) {
            for (int index = 0; index < total; index++) {
                long slot = slots.getLong(8 * index);
                if (slot != 0) {
                    ByteBuffer name = ByteBuffer.allocate((int) (slot & MAX_NAME_BYTES));
                    long offset = (slot >>> 16) - 1;
                    while (name.hasRemaining() && channel.read(name, offset + name.position()) >= 0) {
                        // read until full
                    }
                    action.accept(new String(name.array(), StandardCharsets.UTF_8), index);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (names != null) {
                names.close(); // may fail to flush on a full disk: the files go all the same
            }
        } finally {
            Files.deleteIfExists(slotsFile);
            Files.deleteIfExists(namesFile);
        }
    }
}
