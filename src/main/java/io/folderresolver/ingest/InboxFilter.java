package io.folderresolver.ingest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which inbox entries the file consumer takes, without ever opening one: only regular files (never a
 * symbolic link, FIFO, socket or device: those are left where they are, with one warning per name), and only once
 * a file's size and modified time have not changed for {@code settleTime} (a writer may still be appending; an
 * empty placeholder is not taken early). Unlike Camel's {@code readLock=changed} it never sleeps, so one slow
 * file does not hold up the others.
 */
public final class InboxFilter implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFilter.class);
    /** Bounds the memory of names seen; past it, both are forgotten (warnings may repeat, settling restarts). */
    private static final int MAX_REMEMBERED = 100_000;

    private final long settleNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Sighting> sightings = new ConcurrentHashMap<>();
    private final BooleanSupplier waitForOutbox;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** @param waitForOutbox true while no new batch should start: the outbox could not be written just now */
    public InboxFilter(Duration settleTime, LongSupplier nanoTime, BooleanSupplier waitForOutbox) {
        this.settleNanos = settleTime.toNanos();
        this.nanoTime = nanoTime;
        this.waitForOutbox = waitForOutbox;
    }

    private record Sighting(long size, long modifiedMillis, long firstSeenNanos) {
    }

    @Override
    public boolean accept(GenericFile<File> candidate) {
        if (waitForOutbox.getAsBoolean()) {
            return false;
        }
        Path path = candidate.getFile().toPath();
        String name = path.getFileName().toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            warnOnce(name, "cannot be inspected (" + e.getMessage() + "): left in the inbox");
            return false;
        }
        if (!attributes.isRegularFile()) {
            String kind = attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory"
                    : "not a regular file (a FIFO, socket or device)";
            warnOnce(name, "is " + kind + ": left in the inbox, never read");
            return false;
        }
        if (name.indexOf('\\') >= 0) {
            renameWithoutBackslashes(path, name);
            return false;
        }
        return settled(name, attributes);
    }

    /** Camel's file component reads a backslash as a path separator; the renamed file is taken on a later poll. */
    private void renameWithoutBackslashes(Path path, String name) {
        Path renamed = path.resolveSibling(name.replace('\\', '_'));
        try {
            Files.move(path, renamed);
            LOG.warn("Inbox file {} renamed to {}: backslashes in file names are not supported", name, renamed.getFileName());
        } catch (IOException e) {
            warnOnce(name, "has a backslash in its name and cannot be renamed (" + e.getMessage() + "): left in the inbox");
        }
    }

    private boolean settled(String name, BasicFileAttributes attributes) {
        long now = nanoTime.getAsLong();
        Sighting seen = new Sighting(attributes.size(), attributes.lastModifiedTime().toMillis(), now);
        Sighting before = sightings.get(name);
        if (before == null || before.size() != seen.size() || before.modifiedMillis() != seen.modifiedMillis()) {
            if (sightings.size() >= MAX_REMEMBERED) {
                sightings.clear();
            }
            sightings.put(name, seen);
            before = seen;
        }
        if (now - before.firstSeenNanos() >= settleNanos) {
            sightings.remove(name);
            return true;
        }
        return false;
    }

    private void warnOnce(String name, String problem) {
        if (warned.size() >= MAX_REMEMBERED) {
            warned.clear();
        }
        if (warned.add(name)) {
            LOG.warn("Inbox entry {} {}", name, problem);
        }
    }
}
