package io.folderresolver.resolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.cloud.resourcemanager.v3.Folder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a batch entry into its result. Guarantees: at most one API call at a time per folder ID, however many
 * threads ask (later askers share the call in flight); answers are cached for {@code ttl}, refusals for
 * {@code negativeTtl}; transient failures are never cached; it never throws.
 */
public final class FolderResolver {

    private static final Logger LOG = LoggerFactory.getLogger(FolderResolver.class);
    private static final String FOLDERS = "folders/";
    /** Folders nest at most 10 deep; the bound only guards against a cycle in a broken answer. */
    private static final int MAX_DEPTH = 20;

    private final AsyncCache<String, FolderLookup> cache;
    private final long maximumSize;
    private final boolean paths;
    private final boolean includeDeleted;
    private final boolean provenance;
    private final LookupSource loader;
    private final MeterRegistry meters;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** What "now" is for the {@link Origin} of a listed name. */
    private final java.time.Clock clock;
    /** IDs answered (by GetFolder or a replica) since the running listing started; null while none runs. */
    private volatile Set<String> answeredDuringListing;
    /** Entries by status, looked up once: a warm batch counts hundreds of thousands a second. */
    private final Map<FolderStatus, Counter> entries = new EnumMap<>(FolderStatus.class);

    /** @param clock what "now" is for the {@link Origin} of a listed name */
    FolderResolver(LookupSource loader, CacheSettings settings, ResultOptions options, Ticker ticker,
            java.time.Clock clock, MeterRegistry meters) {
        this.loader = loader;
        this.clock = clock;
        this.provenance = options.provenance();
        this.paths = options.paths();
        this.includeDeleted = options.includeDeleted();
        this.meters = meters;
        this.maximumSize = settings.maximumSize();
        this.cache = CaffeineCacheMetrics.monitor(meters, Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfter(new LookupExpiry(settings.ttl(), settings.negativeTtl()))
                .ticker(ticker)
                .recordStats()
                .<String, FolderLookup>buildAsync(), "folders");
        meters.gauge("folder.resolver.entries.in.flight", inFlight);
        for (FolderStatus status : FolderStatus.values()) {
            entries.put(status, meters.counter("folder.resolver.entries", "status", status.name()));
        }
    }

    /** How long and how many lookups the cache keeps. */
    public record CacheSettings(long maximumSize, Duration ttl, Duration negativeTtl) {
    }

    /**
     * What results carry beyond the name.
     *
     * @param paths          {@code output.paths}: each RESOLVED result carries its path, ancestors looked up as any ID
     * @param includeDeleted {@code output.include-deleted}: a folder being deleted is RESOLVED with its state (true)
     *                       or DELETE_REQUESTED without its name (false)
     * @param provenance     {@code output.provenance}: each RESOLVED result says when ({@code observedAt}) and how
     *                       ({@code via}) its name was learned from Google
     */
    public record ResultOptions(boolean paths, boolean includeDeleted, boolean provenance) {
    }

    /**
     * The result now, if it needs no call and no wait: an invalid entry, or an ID whose answer is in the cache (not
     * one still in flight). Null otherwise. With paths on, only for invalid entries: a path may need ancestors.
     */
    public FolderResult resultIfKnown(BatchEntry entry) {
        FolderResult result = null;
        if (!entry.isValid()) {
            result = FolderResult.invalid(entry);
        } else if (!paths) {
            CompletableFuture<FolderLookup> cached = cache.asMap().get(entry.folderId());
            if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
                cache.getIfPresent(entry.folderId()); // counted as a cache hit, like any other
                result = resultFor(entry, cached.join());
            }
        }
        if (result != null) {
            entries.get(result.status()).increment();
        }
        return result;
    }

    public FolderResult resolve(BatchEntry entry) {
        inFlight.incrementAndGet();
        try {
            FolderResult result = resultOf(entry);
            entries.get(result.status()).increment();
            return result;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private FolderResult resultOf(BatchEntry entry) {
        if (!entry.isValid()) {
            return FolderResult.invalid(entry);
        }
        try {
            FolderLookup lookup = lookup(entry.folderId());
            FolderResult result = resultFor(entry, lookup);
            return paths && lookup.isResolved() ? result.withPath(pathOf(lookup)) : result;
        } catch (RuntimeException e) {
            // A bug or an unexpected client error: FAILED for this entry, and a stack trace for us.
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Unexpected failure resolving folder {}", entry.folderId(), cause);
            return new FolderResult(entry.index(), entry.folderId(), null, FolderStatus.FAILED, cause.getMessage());
        }
    }

    /** The entry's result from its lookup, with where and when its name was learned if {@code output.provenance}. */
    private FolderResult resultFor(BatchEntry entry, FolderLookup lookup) {
        FolderResult result = lookup.toResult(entry, includeDeleted);
        Origin origin = lookup.origin();
        if (provenance && result.status() == FolderStatus.RESOLVED && origin != Origin.UNKNOWN) {
            return result.withProvenance(origin.observedAt().toString(), origin.via());
        }
        return result;
    }

    /**
     * Display names from the top-level folder down to this one. Each ancestor is a lookup like any other: cached,
     * one call per ID however many entries share it, rate-limited. An ancestor that is not RESOLVED (or whose lookup
     * failed outright) ends the walk with null; the entry itself stays RESOLVED.
     */
    private List<String> pathOf(FolderLookup folder) {
        List<String> upwards = new ArrayList<>();
        upwards.add(folder.displayName());
        String parent = folder.parent();
        while (parent != null && parent.startsWith(FOLDERS)) {
            FolderLookup ancestor = upwards.size() > MAX_DEPTH ? null : ancestor(parent.substring(FOLDERS.length()));
            if (ancestor == null || !ancestor.isResolved()) {
                upwards.add(null);
                break;
            }
            upwards.add(ancestor.displayName());
            parent = ancestor.parent();
        }
        Collections.reverse(upwards);
        return upwards;
    }

    /** Null when the lookup failed outright: a path is extra, it never fails the entry. */
    private FolderLookup ancestor(String folderId) {
        try {
            return lookup(folderId);
        } catch (RuntimeException e) {
            LOG.warn("Unexpected failure resolving ancestor folder {}", folderId, e);
            return null;
        }
    }

    /** Whether the cache has an answer for this ID, or a call for it in flight; not counted as a cache get. */
    boolean knows(String folderId) {
        return cache.asMap().containsKey(folderId);
    }

    /**
     * A name learned from a listing, kept like one from GetFolder (same TTL). It does not replace an answer the cache
     * has, unless {@code fresher} (a refresh of the listing: the name may have changed, and its TTL starts again) and
     * the answer does not show a later change (a feed message may have brought one the listing's index has not seen);
     * never a call in flight, nor an answer that came in after the listing started. False once the cache is full: a
     * listing never evicts what batches asked for.
     */
    boolean learn(FolderLookup listed, String folderId, boolean fresher) {
        Set<String> answered = answeredDuringListing;
        if (answered != null && answered.contains(folderId)) {
            // Answered since this listing started: search is eventually consistent, that answer is the newer one.
            return true;
        }
        CompletableFuture<FolderLookup> learned = CompletableFuture.completedFuture(listed);
        if (fresher && cache.asMap().computeIfPresent(folderId, (id, known) -> known.isDone()
                && !showsLaterChange(known, listed) ? learned : known) != null) {
            return true;
        }
        if (cache.synchronous().estimatedSize() >= maximumSize) {
            return false;
        }
        cache.asMap().putIfAbsent(folderId, learned);
        return true;
    }

    /** @param via where the listing came from ({@code search}, {@code assets}) */
    boolean learn(Folder folder, String via, boolean fresher) {
        return learn(FolderLookup.of(folder, via, clock.instant()),
                folder.getName().substring(folder.getName().indexOf('/') + 1), fresher);
    }

    private static boolean showsLaterChange(CompletableFuture<FolderLookup> known, FolderLookup other) {
        return !known.isCompletedExceptionally() && known.join().origin().isNewerThan(other.origin());
    }

    /** What became of a change told to the cache. */
    public enum Applied {
        /** The cache did not know the folder; now it does. */
        ADDED,
        /** The cache had an older answer; now it has this one. */
        UPDATED,
        /** The cache has this change already, or a later one: nothing changed. */
        STALE,
        /** A GetFolder call for it is in flight: applied once it ends, if still newer than its answer. */
        DEFERRED,
        /** The cache is full and did not know the folder: a change never evicts what batches asked for. */
        FULL
    }

    /**
     * Tells the cache of a change Google reported outside a call of ours (a Cloud Asset Inventory feed message, or a
     * reconciliation): applied unless the cache has this change already or a later one, so duplicates and
     * re-orderings change nothing. A moved folder needs nothing more: paths are built from the cached parents of
     * each ancestor when asked, so every path under it follows.
     */
    public Applied apply(FolderChange change) {
        FolderLookup incoming = change.lookup();
        CompletableFuture<FolderLookup> fresh = CompletableFuture.completedFuture(incoming);
        Applied[] outcome = {Applied.STALE};
        @SuppressWarnings("unchecked")
        CompletableFuture<FolderLookup>[] inFlight = new CompletableFuture[1];
        cache.asMap().compute(change.folderId(), (id, known) -> {
            if (known == null) {
                if (cache.synchronous().estimatedSize() >= maximumSize) {
                    outcome[0] = Applied.FULL;
                    return null;
                }
                outcome[0] = Applied.ADDED;
                return fresh;
            }
            if (!known.isDone()) {
                outcome[0] = Applied.DEFERRED;
                inFlight[0] = known;
                return known;
            }
            FolderLookup current = known.isCompletedExceptionally() ? null : known.join();
            if (current == null || current.status() == FolderStatus.FAILED || incoming.origin().isNewerThan(current.origin())) {
                outcome[0] = Applied.UPDATED;
                return fresh;
            }
            return known;
        });
        if (inFlight[0] != null) {
            inFlight[0].whenComplete((answer, failure) -> apply(change));
        }
        return outcome[0];
    }

    /** A listing starts: answers from now on are newer than what it shows. One listing at a time. */
    void listingStarted() {
        answeredDuringListing = ConcurrentHashMap.newKeySet();
    }

    void listingEnded() {
        answeredDuringListing = null;
    }

    FolderLookup lookup(String folderId) {
        // The first asker installs an empty future and loads on its own (pool) thread, outside Caffeine's map
        // lock; everyone else asking meanwhile gets that same future. A failed future is evicted by Caffeine.
        CompletableFuture<FolderLookup> mine = new CompletableFuture<>();
        CompletableFuture<FolderLookup> shared = cache.get(folderId, (id, executor) -> mine);
        if (shared == mine) {
            try {
                FolderLookup answer = loader.load(folderId);
                Set<String> answered = answeredDuringListing;
                if (answered != null) {
                    answered.add(folderId);
                }
                mine.complete(answer);
            } catch (TransientLookupFailure e) {
                // An answer for everyone sharing this call, never cached (LookupExpiry), and not logged as a crash.
                mine.complete(FolderLookup.failed(e.getMessage()));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
        }
        return shared.join();
    }
}
