package io.folderresolver.resolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;

/**
 * Where and how the official {@link FoldersClient} connects: the real API with Application Default Credentials,
 * or a local server in plaintext with no credentials. Both use the same client, retries and rate limiter.
 *
 * @param endpoint     host:port
 * @param plaintext    no TLS and no credentials (local stand-ins only)
 * @param callTimeout  deadline of one attempt (includes waiting for the rate limiter)
 * @param retryDeadline deadline of all attempts of one lookup together
 * @param maxAttempts  attempts of one lookup at most; 0 = as many as fit in {@code retryDeadline}
 */
public record FoldersConnection(String endpoint, boolean plaintext, Duration callTimeout, Duration retryDeadline,
        int maxAttempts) {

    /** Transient answers worth another attempt; the rest are final. */
    static final List<StatusCode.Code> RETRYABLE = List.of(StatusCode.Code.UNAVAILABLE,
            StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.RESOURCE_EXHAUSTED, StatusCode.Code.INTERNAL);

    public FoldersClient open(ApiRateLimiter limiter) {
        RateLimitingInterceptor rateLimiting = new RateLimitingInterceptor(limiter);
        InstantiatingGrpcChannelProvider.Builder channel = FoldersSettings.defaultGrpcTransportProviderBuilder()
                .setInterceptorProvider(() -> List.of(rateLimiting));
        FoldersSettings.Builder settings = FoldersSettings.newBuilder().setEndpoint(endpoint);
        if (plaintext) {
            channel.setChannelConfigurator(builder -> builder.usePlaintext());
            settings.setCredentialsProvider(NoCredentialsProvider.create());
        }
        settings.setTransportChannelProvider(channel.build());
        // Exponential backoff with GAX's built-in jitter, within one overall deadline.
        settings.getFolderSettings()
                .setRetryableCodes(RETRYABLE.toArray(StatusCode.Code[]::new))
                .setRetrySettings(RetrySettings.newBuilder()
                        .setInitialRetryDelayDuration(Duration.ofMillis(100))
                        .setRetryDelayMultiplier(2.0)
                        .setMaxRetryDelayDuration(Duration.ofSeconds(5))
                        .setInitialRpcTimeoutDuration(callTimeout)
                        .setRpcTimeoutMultiplier(1.0)
                        .setMaxRpcTimeoutDuration(callTimeout)
                        .setTotalTimeoutDuration(retryDeadline)
                        .setMaxAttempts(maxAttempts)
                        .build());
        try {
            return FoldersClient.create(settings.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Folders API client for " + endpoint, e);
        }
    }
}
