package io.folderresolver.resolver;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.Set;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.SearchFoldersRequest;
import com.google.cloud.resourcemanager.v3.SearchFoldersResponse;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every folder the caller may read, through SearchFolders with no query, page by page. Search calls have a quota of
 * their own on the API, so they take tokens from a bucket of their own. A page answered RESOURCE_EXHAUSTED slows that
 * bucket down and is asked again; other transient answers back off (resolver.retry-backoff up to retry-max-backoff).
 * The whole listing gets one resolver.retry-deadline, so batches waiting for it wait no longer than that; it does not
 * wait out outages as lookups do (a listing that fails leaves every ID to GetFolder, which does).
 */
final class FolderListing {

    /** The largest page the API serves; fewer pages, fewer calls on a quota of about 4 a second. */
    static final int PAGE_SIZE = 1000;
    private static final Set<StatusCode.Code> TRANSIENT = Set.of(StatusCode.Code.UNAVAILABLE,
            StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.ABORTED, StatusCode.Code.INTERNAL,
            StatusCode.Code.RESOURCE_EXHAUSTED);

    private final FoldersClient client;
    private final ApiRateLimiter limiter;
    private final CallQuota fleetQuota;
    private final LookupRetries retries;
    private final MeterRegistry meters;

    /** @param fleetQuota SearchFolders calls the fleet of replicas shares, taken after this replica's own */
    FolderListing(FoldersClient client, ApiRateLimiter limiter, CallQuota fleetQuota, LookupRetries retries,
            MeterRegistry meters) {
        this.client = client;
        this.limiter = limiter;
        this.fleetQuota = fleetQuota;
        this.retries = retries;
        this.meters = meters;
    }

    /**
     * Hands every folder listed to {@code each}.
     *
     * @return the number of folders listed
     * @throws ApiException a page that could not be had within the retry deadline
     */
    long list(Consumer<Folder> each) throws InterruptedException {
        long deadline = System.nanoTime() + retries.retryDeadline().toNanos();
        long listed = 0;
        String pageToken = "";
        do {
            SearchFoldersResponse page = page(pageToken, deadline);
            page.getFoldersList().forEach(each);
            listed += page.getFoldersCount();
            pageToken = page.getNextPageToken();
        } while (!pageToken.isEmpty());
        return listed;
    }

    private SearchFoldersResponse page(String pageToken, long deadline) throws InterruptedException {
        SearchFoldersRequest request = SearchFoldersRequest.newBuilder().setPageSize(PAGE_SIZE).setPageToken(pageToken).build();
        long backoff = retries.initialBackoff().toNanos();
        while (true) {
            if (!limiter.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                    || !fleetQuota.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                throw new IllegalStateException("RESOURCE_EXHAUSTED: no SearchFolders call allowed by resolver.bulk.rate"
                        + " within resolver.retry-deadline (" + retries.retryDeadline() + ")");
            }
            try {
                SearchFoldersResponse response = client.searchFoldersCallable().call(request);
                called("OK");
                return response;
            } catch (ApiException e) {
                StatusCode.Code code = e.getStatusCode().getCode();
                called(code.name());
                if (code == StatusCode.Code.RESOURCE_EXHAUSTED) {
                    limiter.refused();
                    fleetQuota.refused();
                } else if (!TRANSIENT.contains(code)) {
                    throw e;
                }
                long pause = retries.pauseFor(backoff);
                if (System.nanoTime() + pause - deadline > 0) {
                    throw e;
                }
                TimeUnit.NANOSECONDS.sleep(pause);
                backoff = retries.after(backoff);
            }
        }
    }

    /** One SearchFolders call, by the gRPC status it ended with. */
    private void called(String code) {
        meters.counter("folder.resolver.search.calls", "code", code).increment();
    }
}
