package io.folderresolver.local.folders;

import java.time.Clock;
import java.time.Duration;

import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.resolver.ApiAccess;
import io.folderresolver.resolver.ApiAvailability;
import io.folderresolver.resolver.ApiRateLimiter;
import io.folderresolver.resolver.FoldersConnection;
import io.folderresolver.resolver.LookupRetries;
import io.folderresolver.testing.FakeClock;

/**
 * A stand-in and an official FoldersClient talking to it over plaintext gRPC, closed together, and the
 * {@link ApiAccess} a resolver needs. The stand-in's quota and the client's rate limiter run on one
 * {@link FakeClock}, so what they allow depends on the test only; the limiter starts with a thousand tokens, enough
 * that it never makes a test wait. Outages are probed every 50 ms and tolerated for minutes.
 */
public final class StandInClients implements AutoCloseable {

    /** Generous on purpose: on a busy machine a loopback call may be slow, and no test is about this deadline. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration RETRY_DEADLINE = Duration.ofMinutes(5);

    public final FakeClock clock = new FakeClock();
    public final FoldersStandIn standIn;
    public final ApiRateLimiter limiter;
    public final ApiAvailability availability;
    public final FoldersClient client;
    public final ApiAccess api;

    /** @param maxAttempts attempts per lookup at most (0 = until the retry deadline) */
    public StandInClients(FolderTree tree, StandInBehaviour behaviour, int maxAttempts) {
        this(tree, behaviour, maxAttempts, Duration.ofMinutes(5));
    }

    public StandInClients(FolderTree tree, StandInBehaviour behaviour, int maxAttempts, Duration outageTolerance) {
        this.standIn = FoldersStandIn.start(tree, behaviour, 0, clock);
        this.limiter = new ApiRateLimiter(1000, 1000, clock);
        this.availability = new ApiAvailability(outageTolerance, Duration.ofMillis(50), Clock.systemUTC());
        this.client = new FoldersConnection(standIn.address(), true, CALL_TIMEOUT).open();
        this.api = new ApiAccess(client, limiter, availability,
                new LookupRetries(Duration.ofMillis(10), Duration.ofMillis(100), RETRY_DEADLINE, maxAttempts));
    }

    @Override
    public void close() {
        client.close();
        standIn.close();
    }
}
