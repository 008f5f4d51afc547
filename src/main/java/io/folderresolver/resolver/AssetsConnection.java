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
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.AssetServiceSettings;

/**
 * Where and how the official {@link AssetServiceClient} connects (Cloud Asset Inventory): the real API with
 * Application Default Credentials, or a local server in plaintext with no credentials; as {@link FoldersConnection},
 * each ListAssets and SearchAllResources call is one attempt, retried and rate-limited around it.
 *
 * @param endpoint    host:port ({@code assets.endpoint})
 * @param plaintext   no TLS and no credentials (local stand-ins only)
 * @param callTimeout deadline of one attempt
 */
public record AssetsConnection(String endpoint, boolean plaintext, Duration callTimeout) {

    /** @param credentials null: Application Default Credentials (ignored in plaintext) */
    public AssetServiceClient open(CredentialsProvider credentials) {
        InstantiatingGrpcChannelProvider.Builder channel = AssetServiceSettings.defaultGrpcTransportProviderBuilder();
        AssetServiceSettings.Builder settings = AssetServiceSettings.newBuilder().setEndpoint(endpoint);
        if (plaintext) {
            channel.setChannelConfigurator(builder -> builder.usePlaintext());
            settings.setCredentialsProvider(NoCredentialsProvider.create());
        } else if (credentials != null) {
            settings.setCredentialsProvider(credentials);
        }
        settings.setTransportChannelProvider(channel.build());
        RetrySettings oneAttempt = FoldersConnection.oneAttempt(callTimeout);
        settings.listAssetsSettings().setRetryableCodes(Set.<StatusCode.Code>of()).setRetrySettings(oneAttempt);
        settings.searchAllResourcesSettings().setRetryableCodes(Set.<StatusCode.Code>of()).setRetrySettings(oneAttempt);
        try {
            return AssetServiceClient.create(settings.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Cloud Asset Inventory client for " + endpoint, e);
        }
    }
}
