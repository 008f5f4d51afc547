package io.folderresolver.benchmark;

import java.io.IOException;
import java.util.Set;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;

/**
 * The official FoldersClient as the old script used it: one attempt per call, so a refused call is simply an
 * error. Plaintext and without credentials, because it only ever talks to the local stand-in.
 */
final class RetrylessFoldersClient {

    private RetrylessFoldersClient() {
    }

    static FoldersClient open(String endpoint) throws IOException {
        FoldersSettings.Builder settings = FoldersSettings.newBuilder()
                .setEndpoint(endpoint)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(FoldersSettings.defaultGrpcTransportProviderBuilder()
                        .setChannelConfigurator(channel -> channel.usePlaintext())
                        .build());
        // Both switches off: no code is retryable, and even if one were, only one attempt is allowed.
        settings.getFolderSettings()
                .setRetryableCodes(Set.<StatusCode.Code>of())
                .setRetrySettings(settings.getFolderSettings().getRetrySettings().toBuilder().setMaxAttempts(1).build());
        return FoldersClient.create(settings.build());
    }
}
