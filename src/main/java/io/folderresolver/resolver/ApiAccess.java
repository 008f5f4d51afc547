package io.folderresolver.resolver;

import com.google.cloud.resourcemanager.v3.FoldersClient;

/**
 * How lookups reach the Folders API: the client, this replica's rate limit, the quota the fleet shares (when
 * several replicas share one in Redis), the shared circuit, and the retries.
 */
public record ApiAccess(FoldersClient client, ApiRateLimiter limiter, CallQuota fleetQuota, ApiAvailability availability,
        LookupRetries retries) {

    /** A single replica: nothing shared beyond this process. */
    public ApiAccess(FoldersClient client, ApiRateLimiter limiter, ApiAvailability availability, LookupRetries retries) {
        this(client, limiter, CallQuota.UNSHARED, availability, retries);
    }
}
