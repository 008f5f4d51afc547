package io.folderresolver.resolver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.SearchFoldersRequest;
import com.google.cloud.resourcemanager.v3.SearchFoldersResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every folder the caller may read, page by page, following {@code next_page_token} whatever size the server gives a
 * page (Google promises none: "the server can return fewer"): through SearchFolders with no query
 * ({@link #searchFolders}), or Cloud Asset Inventory's ListAssets ({@link AssetPages#listAssets}). Listing calls have a quota of
 * their own, so they take tokens from a bucket of their own. A page answered RESOURCE_EXHAUSTED slows that bucket down
 * and is asked again; other transient answers back off (resolver.retry-backoff up to retry-max-backoff). Each page
 * gets its own resolver.retry-deadline; the listing as a whole gives up once it has gone slower than a quarter of its
 * page rate for longer than that deadline (a stalled listing, not a large one). It does not wait out outages as
 * lookups do (a listing that fails leaves every ID to GetFolder, which does). Progress is logged every
 * output.progress-interval.
 */
final class FolderListing {

    private static final Logger LOG = LoggerFactory.getLogger(FolderListing.class);
    /** The page size asked for: the most Google is known to serve. Pages may hold fewer. */
    static final int PAGE_SIZE = 1000;

    /** What a listing brought: its folders and the pages the server gave them in. */
    record Listed(long folders, long pages) {
    }

    /** One page: its folders, and the token of the next ("" after the last). */
    record Page(List<Folder> folders, String nextPageToken) {
    }

    /**
     * Where pages come from.
     *
     * @param method the API method, for messages ({@code SearchFolders}, {@code ListAssets})
     * @param via    what a listed name's {@link Origin} says it came from ({@code search}, {@code assets})
     * @param fetch  the page of a page token ({@code ""} for the first); throws ApiException as the API answered
     * @param called counts one call by the gRPC code it ended with
     */
    record Pages(String method, String via, Function<String, Page> fetch, Consumer<String> called) {
    }

    /** SearchFolders with no query: every folder the caller may read, each call counted in {@code folder.resolver.search.calls}. */
    static Pages searchFolders(FoldersClient client, MeterRegistry meters) {
        return new Pages("SearchFolders", "search", pageToken -> {
            SearchFoldersResponse page = client.searchFoldersCallable().call(
                    SearchFoldersRequest.newBuilder().setPageSize(PAGE_SIZE).setPageToken(pageToken).build());
            return new Page(page.getFoldersList(), page.getNextPageToken());
        }, code -> meters.counter("folder.resolver.search.calls", "code", code).increment());
    }

    private final Pages pages;
    private final CallQuota limiter;
    private final CallQuota fleetQuota;
    private final LookupRetries retries;
    private final double pagesPerSecond;
    private final Duration progressInterval;

    /**
     * @param limiter          this replica's bucket for the listing's calls
     * @param fleetQuota       the listing's calls the fleet of replicas shares, taken after this replica's own
     * @param pagesPerSecond   the listing's rate ({@code resolver.bulk.rate}, or {@code resolver.asset.rate} / 60)
     * @param progressInterval {@code output.progress-interval}
     */
    FolderListing(Pages pages, CallQuota limiter, CallQuota fleetQuota, LookupRetries retries,
            double pagesPerSecond, Duration progressInterval) {
        this.pages = pages;
        this.limiter = limiter;
        this.fleetQuota = fleetQuota;
        this.retries = retries;
        this.pagesPerSecond = pagesPerSecond;
        this.progressInterval = progressInterval;
    }

    /** SearchFolders, as the bulk warm-up lists by default. */
    FolderListing(FoldersClient client, ApiRateLimiter limiter, CallQuota fleetQuota, LookupRetries retries,
            double pagesPerSecond, Duration progressInterval, MeterRegistry meters) {
        this(searchFolders(client, meters), limiter, fleetQuota, retries, pagesPerSecond, progressInterval);
    }

    String via() {
        return pages.via();
    }

    /**
     * Hands every folder listed to {@code each}.
     *
     * @throws ApiException          a page that could not be had within the retry deadline
     * @throws IllegalStateException a listing that stalled
     */
    Listed list(Consumer<Folder> each) throws InterruptedException {
        long started = System.nanoTime();
        long reported = started;
        long folders = 0;
        long pages = 0;
        String pageToken = "";
        do {
            Page page = page(pageToken, System.nanoTime() + retries.retryDeadline().toNanos());
            page.folders().forEach(each);
            folders += page.folders().size();
            pages++;
            pageToken = page.nextPageToken();
            long now = System.nanoTime();
            if (!pageToken.isEmpty() && now - started > allowedNanos(pages)) {
                throw new IllegalStateException(String.format("the listing stalled: %d %s pages in %ds, slower than a "
                        + "quarter of its rate (%.2f/s) for longer than resolver.retry-deadline (%s)", pages,
                        this.pages.method(), (now - started) / 1_000_000_000, pagesPerSecond, retries.retryDeadline()));
            }
            if (now - reported >= progressInterval.toNanos()) {
                LOG.info("Listing folders: {} so far in {} pages, {}s", folders, pages, (now - started) / 1_000_000_000);
                reported = now;
            }
        } while (!pageToken.isEmpty());
        return new Listed(folders, pages);
    }

    /** How long a listing of this many pages may have taken: a quarter of the page rate, plus one retry deadline. */
    private long allowedNanos(long pages) {
        return retries.retryDeadline().toNanos() + (long) (4 * pages * 1e9 / pagesPerSecond);
    }

    private Page page(String pageToken, long deadline) throws InterruptedException {
        long backoff = retries.initialBackoff().toNanos();
        while (true) {
            if (!limiter.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                    || !fleetQuota.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                throw new IllegalStateException("RESOURCE_EXHAUSTED: no " + pages.method() + " call allowed by its rate"
                        + " within resolver.retry-deadline (" + retries.retryDeadline() + ")");
            }
            try {
                Page page = pages.fetch().apply(pageToken);
                pages.called().accept("OK");
                return page;
            } catch (ApiException e) {
                pages.called().accept(e.getStatusCode().getCode().name());
                ApiErrors.Meaning meaning = ApiErrors.of(e);
                Duration serverDelay = Duration.ZERO;
                if (meaning instanceof ApiErrors.Quota quota) {
                    limiter.refused();
                    fleetQuota.refused();
                    serverDelay = quota.retryDelay().orElse(Duration.ZERO);
                } else if (!(meaning instanceof ApiErrors.Unreachable)) {
                    // A refusal or a fault in the set-up: asking again would meet it again.
                    throw e;
                }
                long pause = retries.pauseFor(backoff, serverDelay);
                if (System.nanoTime() + pause - deadline > 0) {
                    throw e;
                }
                TimeUnit.NANOSECONDS.sleep(pause);
                backoff = retries.after(backoff);
            }
        }
    }
}
