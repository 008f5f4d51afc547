package io.folderresolver.resolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;

/**
 * Where and how the official {@link FoldersClient} connects: the real API with Application Default Credentials,
 * or a local server in plaintext with no credentials. Each {@code getFolder} and {@code searchFolders} call is one
 * attempt with its own deadline: retries and the rate limit are handled around it ({@link FolderLookupLoader},
 * {@link FolderListing}), on the caller's thread, so a token is taken right before each attempt and no wait eats
 * into an attempt's deadline.
 *
 * @param endpoint    host:port
 * @param plaintext   no TLS and no credentials (local stand-ins only)
 * @param callTimeout deadline of one attempt, from the moment it starts
 */
public record FoldersConnection(String endpoint, boolean plaintext, Duration callTimeout) {

    public FoldersClient open() {
        return open(plaintext ? NoCredentialsProvider.create() : null);
    }

    /** GAX retries nothing: one attempt with its own deadline; retries and rate limits are ours, around the call. */
    static RetrySettings oneAttempt(Duration callTimeout) {
        return RetrySettings.newBuilder()
                .setMaxAttempts(1)
                .setInitialRpcTimeoutDuration(callTimeout)
                .setMaxRpcTimeoutDuration(callTimeout)
                .setTotalTimeoutDuration(callTimeout)
                .build();
    }

    /** With these credentials instead of the mode's (null: Application Default Credentials), e.g. ones that fail. */
    public FoldersClient open(CredentialsProvider credentials) {
        InstantiatingGrpcChannelProvider.Builder channel = FoldersSettings.defaultGrpcTransportProviderBuilder();
        FoldersSettings.Builder settings = FoldersSettings.newBuilder().setEndpoint(endpoint);
        if (plaintext) {
            channel.setChannelConfigurator(builder -> builder.usePlaintext());
        }
        if (credentials != null) {
            settings.setCredentialsProvider(credentials);
        }
        settings.setTransportChannelProvider(channel.build());
        RetrySettings oneAttempt = oneAttempt(callTimeout);
        settings.getFolderSettings().setRetryableCodes(Set.<StatusCode.Code>of()).setRetrySettings(oneAttempt);
        settings.searchFoldersSettings().setRetryableCodes(Set.<StatusCode.Code>of()).setRetrySettings(oneAttempt);
        try {
            return FoldersClient.create(settings.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Folders API client for " + endpoint, e);
        }
    }
}
