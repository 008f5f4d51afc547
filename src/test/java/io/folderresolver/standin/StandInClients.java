package io.folderresolver.standin;

import java.time.Duration;

import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.resolver.ApiRateLimiter;
import io.folderresolver.resolver.FoldersConnection;
import io.folderresolver.testing.FakeClock;

/**
 * A stand-in and an official FoldersClient talking to it over plaintext gRPC, closed together. The stand-in's
 * quota and the client's rate limiter run on one {@link FakeClock}, so what they allow depends on the test only.
 * The limiter starts with a thousand tokens: enough that it never makes a test wait.
 */
public final class StandInClients implements AutoCloseable {

    /** Generous on purpose: on a busy machine a loopback call may be slow, and no test is about this deadline. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration RETRY_DEADLINE = Duration.ofMinutes(5);

    public final FakeClock clock = new FakeClock();
    public final FoldersStandIn standIn;
    public final ApiRateLimiter limiter;
    public final FoldersClient client;

    /** @param maxAttempts attempts per call the client makes at most (0 = until the retry deadline) */
    public StandInClients(FolderTree tree, StandInBehaviour behaviour, int maxAttempts) {
        this.standIn = FoldersStandIn.start(tree, behaviour, 0, clock);
        this.limiter = new ApiRateLimiter(1000, 1000, Duration.ofSeconds(1), clock);
        this.client = new FoldersConnection(standIn.address(), true, CALL_TIMEOUT, RETRY_DEADLINE, maxAttempts)
                .open(limiter);
    }

    @Override
    public void close() {
        client.close();
        standIn.close();
    }
}
