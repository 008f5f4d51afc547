package io.folderresolver.resolver;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Asks the Folders API for one folder and sorts the answer ({@link ApiErrors}): a name or the API's refusal of this
 * folder become a {@link FolderLookup}; a fault in the set-up makes it wait as in an outage; anything else is
 * retried, then a {@link TransientLookupFailure}. Each attempt, on the caller's thread,
 * waits for the API to be reachable ({@link ApiAvailability}), takes a token ({@link ApiRateLimiter}, then the
 * fleet's {@link CallQuota}), then makes one call; transient answers are retried with backoff ({@link LookupRetries}).
 */
final class FolderLookupLoader implements LookupSource {

    private final FoldersClient client;
    private final ApiRateLimiter limiter;
    private final CallQuota fleetQuota;
    private final ApiAvailability availability;
    private final LookupRetries retries;
    private final MeterRegistry meters;
    private final Timer tokenWait;

    /** What "now" is for an answer's {@link Origin}. */
    private final Clock clock;

    FolderLookupLoader(ApiAccess api, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.client = api.client();
        this.limiter = api.limiter();
        this.fleetQuota = api.fleetQuota();
        this.availability = api.availability();
        this.retries = api.retries();
        this.meters = meters;
        this.tokenWait = Timer.builder("folder.resolver.limiter.wait")
                .description("Time a lookup waited for a token of the rate limiter").register(meters);
    }

    @Override
    public FolderLookup load(String folderId) {
        try {
            return attempt(folderId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientLookupFailure("CANCELLED: interrupted while resolving folder " + folderId, e);
        } catch (ApiUnreachableException e) {
            throw new TransientLookupFailure("UNAVAILABLE: " + e.getMessage(), e);
        }
    }

    private FolderLookup attempt(String folderId) throws InterruptedException {
        long trying = 0; // nanos spent trying while the API was reachable: waiting out an outage is not counted
        long backoff = retries.initialBackoff().toNanos();
        for (int attempt = 1; ; attempt++) {
            availability.awaitPermission();
            long started = System.nanoTime();
            long budget = retries.retryDeadline().toNanos() - trying;
            long waitStarted = System.nanoTime();
            boolean permitted = false;
            boolean waitEnded = false;
            try {
                permitted = limiter.acquire(Duration.ofNanos(Math.max(0, budget)))
                        && fleetQuota.acquire(Duration.ofNanos(Math.max(0, budget - (System.nanoTime() - waitStarted))));
                waitEnded = true;
            } finally {
                tokenWait.record(System.nanoTime() - waitStarted, TimeUnit.NANOSECONDS);
                if (!waitEnded) {
                    // Interrupted (a batch stopped) or failed while waiting: the breaker's permission goes back, or
                    // a half-open circuit would wait for a probe that never comes.
                    availability.release();
                }
            }
            if (!permitted) {
                availability.release();
                throw new TransientLookupFailure("RESOURCE_EXHAUSTED: no API call allowed by resolver.rate (this replica's or the fleet's) within "
                        + "resolver.retry-deadline (" + retries.retryDeadline() + ")", null);
            }
            long callStarted = System.nanoTime();
            try {
                Folder folder = client.getFolder("folders/" + folderId);
                called("OK");
                availability.answered(System.nanoTime() - callStarted);
                return FolderLookup.of(folder, "get", clock.instant());
            } catch (ApiException e) {
                long took = System.nanoTime() - callStarted;
                called(e.getStatusCode().getCode().name());
                ApiErrors.Meaning meaning = ApiErrors.of(e);
                if (meaning instanceof ApiErrors.FolderAnswer answer) {
                    availability.answered(took);
                    return FolderLookup.refused(answer.status(), answer.error())
                            .from(new Origin("get", clock.instant(), null, null));
                }
                if (meaning instanceof ApiErrors.Setup setup) {
                    // Not this folder's answer: wait at the breaker for a fix, spending no attempt and no budget.
                    availability.refusedForSetup(took, setup.fault());
                    attempt--;
                    continue;
                }
                Duration serverDelay = Duration.ZERO;
                if (meaning instanceof ApiErrors.Quota quota) {
                    availability.answered(took);
                    limiter.refused();
                    fleetQuota.refused();
                    serverDelay = quota.retryDelay().orElse(Duration.ZERO);
                } else {
                    availability.unreachable(took, e);
                }
                if (availability.state() != CircuitBreaker.State.CLOSED) {
                    // An outage (or this was a probe that failed): wait at the breaker, spending no attempt and
                    // no retry budget against an endpoint that is down.
                    attempt--;
                    continue;
                }
                trying += System.nanoTime() - started;
                long pause = retries.pauseFor(backoff, serverDelay);
                boolean outOfAttempts = retries.maxAttempts() > 0 && attempt >= retries.maxAttempts();
                if (outOfAttempts || trying + pause > retries.retryDeadline().toNanos()) {
                    throw new TransientLookupFailure(ApiErrors.describe(e), e);
                }
                TimeUnit.NANOSECONDS.sleep(pause);
                trying += pause;
                backoff = retries.after(backoff);
            } catch (RuntimeException e) {
                // Not an answer from the API: count it, so a probe's permission is never left hanging.
                called("UNKNOWN");
                availability.unreachable(System.nanoTime() - callStarted, e);
                throw e;
            }
        }
    }

    /** One GetFolder call, by the gRPC status it ended with. */
    private void called(String code) {
        meters.counter("folder.resolver.api.calls", "code", code).increment();
    }
}
