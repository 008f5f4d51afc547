package io.folderresolver.resolver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import com.google.cloud.asset.v1.AssetServiceClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs what the feed lost: every {@code resolver.asset.reconcile-interval}, asks Cloud Asset Inventory
 * (SearchAllResources, {@code updateTime > T}) for the folders changed since the last run began, and applies each as
 * a feed message would be ({@link FolderResolver#apply}): a change the cache has already (from the feed or GetFolder)
 * changes nothing; one it missed replaces the older answer, counted in {@code folder.resolver.asset.reconciled}. Each
 * run looks {@link #OVERLAP} further back than the last began, for search's index lag and clocks apart. A purged
 * folder is not found by search: it is repaired only when its cached answer expires.
 */
public final class AssetReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(AssetReconciliation.class);
    /** How much further back than the last run each run looks. */
    static final Duration OVERLAP = Duration.ofMinutes(5);

    private final FolderResolver resolver;
    private final AssetServiceClient client;
    private final String scope;
    private final CallQuota limiter;
    private final CallQuota fleetQuota;
    private final LookupRetries retries;
    private final double pagesPerSecond;
    private final Duration progressInterval;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter repaired;
    /** When the last run that succeeded began; the service's start before the first. */
    private volatile Instant lastRunBegan;

    /**
     * @param limiter        Cloud Asset Inventory calls of this replica ({@code resolver.asset.rate}), then the fleet's
     * @param pagesPerSecond the same rate, a second
     */
    public AssetReconciliation(FolderResolver resolver, AssetServiceClient client, String scope, CallQuota limiter,
            CallQuota fleetQuota, LookupRetries retries, double pagesPerSecond, Duration progressInterval, Clock clock,
            MeterRegistry meters) {
        this.resolver = resolver;
        this.client = client;
        this.scope = scope;
        this.limiter = limiter;
        this.fleetQuota = fleetQuota;
        this.retries = retries;
        this.pagesPerSecond = pagesPerSecond;
        this.progressInterval = progressInterval;
        this.clock = clock;
        this.meters = meters;
        this.repaired = Counter.builder("folder.resolver.asset.reconciled")
                .description("Cached answers a reconciliation found older than Cloud Asset Inventory's, and replaced")
                .register(meters);
        this.lastRunBegan = clock.instant();
    }

    /** One reconciliation; the number of answers it repaired. Never throws: the next run looks back further. */
    public long run() {
        Instant began = clock.instant();
        Instant after = lastRunBegan.minus(OVERLAP);
        Map<FolderResolver.Applied, Long> outcomes = new EnumMap<>(FolderResolver.Applied.class);
        try {
            FolderListing changed = new FolderListing(AssetPages.changedSince(client, scope, after, meters), limiter,
                    fleetQuota, retries, pagesPerSecond, progressInterval);
            FolderListing.Listed listed = changed.list(folder -> outcomes.merge(
                    resolver.apply(FolderChange.of(folder, "assets", began)), 1L, Long::sum));
            lastRunBegan = began;
            long updated = outcomes.getOrDefault(FolderResolver.Applied.UPDATED, 0L);
            repaired.increment(updated);
            LOG.info("Reconciled with Cloud Asset Inventory: {} folders changed since {} ({} pages), {} cached answers "
                    + "repaired, {} already known{}", listed.folders(), after, listed.pages(), updated,
                    outcomes.getOrDefault(FolderResolver.Applied.STALE, 0L),
                    outcomes.containsKey(FolderResolver.Applied.ADDED)
                            ? ", " + outcomes.get(FolderResolver.Applied.ADDED) + " added" : "");
            return updated;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            LOG.warn("Reconciliation with Cloud Asset Inventory failed (the next looks back further): {}", e.getMessage());
            return 0;
        }
    }
}
