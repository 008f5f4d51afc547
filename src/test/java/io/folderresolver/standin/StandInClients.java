package io.folderresolver.standin;

import java.time.Duration;

import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.resolver.ApiRateLimiter;
import io.folderresolver.resolver.FoldersConnection;

/** A stand-in and an official FoldersClient talking to it over plaintext gRPC, closed together. */
public final class StandInClients implements AutoCloseable {

    public final FoldersStandIn standIn;
    public final ApiRateLimiter limiter;
    public final FoldersClient client;

    public StandInClients(FolderTree tree, StandInBehaviour behaviour, long rate, Duration retryDeadline) {
        this.standIn = FoldersStandIn.start(tree, behaviour, 0);
        this.limiter = ApiRateLimiter.systemClock(rate, 1, Duration.ofSeconds(1));
        this.client = new FoldersConnection(standIn.address(), true, Duration.ofSeconds(5), retryDeadline).open(limiter);
    }

    @Override
    public void close() {
        client.close();
        standIn.close();
    }
}
