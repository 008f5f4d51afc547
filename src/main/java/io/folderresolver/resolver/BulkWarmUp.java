package io.folderresolver.resolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.BatchParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a batch is resolved: if it brings enough IDs the cache does not know, fills the cache from one listing of
 * every folder the caller may read ({@link FolderListing}), so the split then finds most names cached and calls
 * GetFolder only for the rest. A listing only adds names: an ID it did not show is still resolved by GetFolder, which
 * alone decides NOT_FOUND and PERMISSION_DENIED.
 * <p>
 * Which is cheaper: per-ID calls cost {@code unknown / resolver.rate} seconds, a listing about
 * {@code pages / resolver.bulk.rate}. Before the first listing its size is unknown and {@code resolver.bulk.threshold}
 * decides; after it, the size of the last listing does, and no batch asks for one sooner than
 * {@code resolver.bulk.min-interval} after the last (failed or not). One listing at a time: batches that need one while
 * it runs wait for it instead of starting their own.
 */
public final class BulkWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(BulkWarmUp.class);

    private final FolderResolver resolver;
    private final FolderListing listing;
    private final Settings settings;
    private final AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();
    private final LongSupplier nanoTime;
    /** Folders in the last listing; -1 before the first. */
    private volatile long lastListingSize = -1;
    /** Pages the last listing took: the server chooses their size. */
    private volatile long lastListingPages;
    private volatile boolean attempted;
    private volatile long lastAttemptEndedNanos;

    /**
     * @param enabled    {@code resolver.bulk.enabled}
     * @param threshold  {@code resolver.bulk.threshold}: unknown IDs that call for a listing while its size is unknown
     * @param getRate    {@code resolver.rate}
     * @param listingRate pages a second the listing may ask for: {@code resolver.bulk.rate}, or with
     *                   {@code resolver.bulk.source=asset-inventory} {@code resolver.asset.rate} / 60
     * @param minInterval {@code resolver.bulk.min-interval}: no batch asks for a listing sooner after the last one; it
     *                   would show the same folders, and IDs it did not show went to GetFolder
     * @param progressInterval {@code output.progress-interval}: how often a long listing says how far it got
     */
    public record Settings(boolean enabled, long threshold, long getRate, double listingRate, Duration minInterval,
            Duration progressInterval) {
    }

    BulkWarmUp(FolderResolver resolver, FolderListing listing, Settings settings, LongSupplier nanoTime) {
        this.resolver = resolver;
        this.listing = listing;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /**
     * Counts the batch's distinct IDs the cache does not know, up to the number where a listing is cheaper (so
     * memory stays bounded whatever the batch's size), and lists if it got there. Never fails the batch: a listing
     * that fails leaves every ID to GetFolder.
     */
    public void before(BatchParser.CloseableEntries entries) {
        try (entries) {
            if (!settings.enabled() || listedRecently()) {
                return;
            }
            long enough = unknownIdsWorthAListing();
            Set<String> unknown = new HashSet<>();
            while (entries.hasNext() && unknown.size() < enough) {
                BatchEntry entry = entries.next();
                if (entry.isValid() && !resolver.knows(entry.folderId())) {
                    unknown.add(entry.folderId());
                }
            }
            if (unknown.size() < enough) {
                return;
            }
            LOG.info("At least {} IDs not in the cache: one by one about {}s at {}/s, a listing {}; listing",
                    unknown.size(), Math.round((double) unknown.size() / settings.getRate()), settings.getRate(), listingEstimate());
            warmUp(false).join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean listedRecently() {
        return attempted && nanoTime.getAsLong() - lastAttemptEndedNanos < settings.minInterval().toNanos();
    }

    /** The number of unknown IDs at which per-ID calls cost as much as a listing. */
    long unknownIdsWorthAListing() {
        long size = lastListingSize;
        if (size < 0) {
            return Math.max(1, settings.threshold());
        }
        return Math.max(1, (long) Math.ceil((double) lastListingPages / settings.listingRate() * settings.getRate()));
    }

    private String listingEstimate() {
        long size = lastListingSize;
        return size < 0 ? "of unknown size (resolver.bulk.threshold " + settings.threshold() + " decides)"
                : String.format("about %ds (%,d folders in %d pages last time, at %.2f/s)",
                        Math.round((double) lastListingPages / settings.listingRate()), size, lastListingPages,
                        settings.listingRate());
    }

    /**
     * Every {@code resolver.bulk.refresh}, once a listing has shown it is worth it: lists again and replaces what the
     * cache has, so a busy service keeps its names fresh and warm without per-ID calls. On its own schedule:
     * {@code resolver.bulk.min-interval} is for listings that batches ask for.
     */
    public void refresh() {
        if (settings.enabled() && lastListingSize >= 0) {
            LOG.info("Refreshing the listing ({} folders last time)", lastListingSize);
            warmUp(true).join();
        }
    }

    /**
     * The listing in progress, or a new one on this thread. A refresh that finds a batch's listing running waits for
     * it and then lists itself: that listing kept what the cache had, the refresh must replace it.
     */
    private CompletableFuture<Void> warmUp(boolean refresh) {
        while (true) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> current = running.compareAndExchange(null, mine);
            if (current == null) {
                list(refresh, mine);
                return mine;
            }
            if (!refresh) {
                return current;
            }
            current.join();
        }
    }

    private void list(boolean refresh, CompletableFuture<Void> mine) {
        long started = nanoTime.getAsLong();
        resolver.listingStarted();
        try {
            long[] taken = {0};
            FolderListing.Listed listed = listing.list(
                    folder -> taken[0] += resolver.learn(folder, listing.via(), refresh) ? 1 : 0);
            lastListingPages = listed.pages();
            lastListingSize = listed.folders();
            LOG.info("Listed {} folders in {} pages in {} ms; {} in the cache{}", listed.folders(), listed.pages(),
                    (nanoTime.getAsLong() - started) / 1_000_000, taken[0], taken[0] < listed.folders()
                            ? " (it is full: resolver.cache.maximum-size; the rest resolve one by one)" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Listing interrupted; IDs resolve one by one");
        } catch (RuntimeException e) {
            LOG.warn("Listing failed, IDs resolve one by one: {}", e.getMessage());
        } finally {
            resolver.listingEnded();
            // Failed or not: no batch asks for another within resolver.bulk.min-interval.
            lastAttemptEndedNanos = nanoTime.getAsLong();
            attempted = true;
            mine.complete(null);
            running.set(null);
        }
    }
}
