package io.folderresolver.resolver;

import com.google.cloud.resourcemanager.v3.FoldersClient;

/** How lookups reach the Folders API: the client, the shared rate limit, the shared circuit, and the retries. */
public record ApiAccess(FoldersClient client, ApiRateLimiter limiter, ApiAvailability availability, LookupRetries retries) {
}
