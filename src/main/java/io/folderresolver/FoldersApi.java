package io.folderresolver;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.standin.FoldersStandIn;
import org.apache.camel.Service;

/** The Folders API client and, in the offline profile, the local stand-in it talks to: closed with Camel. */
final class FoldersApi implements Service {

    private final FoldersClient client;
    private final Optional<FoldersStandIn> standIn;

    FoldersApi(FoldersClient client, Optional<FoldersStandIn> standIn) {
        this.client = client;
        this.standIn = standIn;
    }

    FoldersClient client() {
        return client;
    }

    @Override
    public void start() {
        // Opened by the configuration; nothing to start.
    }

    @Override
    public void stop() {
        client.close();
        try {
            client.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        standIn.ifPresent(FoldersStandIn::close);
    }
}
