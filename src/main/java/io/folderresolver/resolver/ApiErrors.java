package io.folderresolver.resolver;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.auth.Retryable;
import com.google.rpc.RetryInfo;
import io.folderresolver.batch.FolderStatus;
import io.grpc.StatusRuntimeException;

/**
 * What an error from the Folders API means, decided in one place from its gRPC code and its
 * {@code google.rpc.ErrorInfo}: an answer about the folder, a fault in the set-up, the quota, or an API that cannot be
 * reached. Google answers PERMISSION_DENIED both for a folder the caller may not see ({@code IAM_PERMISSION_DENIED})
 * and for a project with the API disabled, billing off, a token without scope or a VPC-SC perimeter; only the
 * reason tells them apart.
 */
public final class ApiErrors {

    /** What one error means. */
    public sealed interface Meaning permits FolderAnswer, Setup, Quota, Unreachable {
    }

    /** The API's answer about this folder: cached and written as the entry's status. */
    public record FolderAnswer(FolderStatus status, String error) implements Meaning {
    }

    /** Every call would meet it: wait for a fix, never a folder's status. */
    public record Setup(SetupFault fault) implements Meaning {
    }

    /** RESOURCE_EXHAUSTED: the API is up, the quota is not; Google may say how long to wait. */
    public record Quota(Optional<Duration> retryDelay) implements Meaning {
    }

    /** The API could not be reached or failed the call: UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ... */
    public record Unreachable() implements Meaning {
    }

    /** The descriptions gRPC gives a call whose credentials could not produce a token. */
    private static final List<String> CREDENTIALS_FAILED = List.of("Credentials failed to obtain metadata",
            "Failed computing credential metadata", "Failed to convert credential metadata",
            "Credentials should use fail() instead of throwing exceptions",
            "Credentials require channel with PRIVACY_AND_INTEGRITY");
    private static final String UNIVERSE_DOMAIN_UNKNOWN = "Unable to retrieve the Universe Domain from the Credentials";

    private ApiErrors() {
    }

    public static Meaning of(ApiException e) {
        Optional<String> credentials = credentialsFailure(e);
        if (credentials.isPresent()) {
            return new Setup(SetupFault.of("CREDENTIALS", "the credentials cannot get a token: " + credentials.get(),
                    null));
        }
        StatusCode.Code code = e.getStatusCode().getCode();
        String reason = e.getReason();
        return switch (code) {
            case NOT_FOUND -> new FolderAnswer(FolderStatus.NOT_FOUND, describe(e));
            case INVALID_ARGUMENT -> new FolderAnswer(FolderStatus.INVALID, describe(e));
            case PERMISSION_DENIED -> reason == null || reason.equals("IAM_PERMISSION_DENIED")
                    ? new FolderAnswer(FolderStatus.PERMISSION_DENIED, describe(e))
                    : new Setup(SetupFault.of(reason, statusMessage(e), e.getMetadata()));
            case UNAUTHENTICATED -> new Setup(SetupFault.of("UNAUTHENTICATED", statusMessage(e), e.getMetadata()));
            case RESOURCE_EXHAUSTED -> new Quota(retryDelay(e));
            default -> new Unreachable();
        };
    }

    /** {@code CODE: message}, as results and logs show an API error. */
    public static String describe(ApiException e) {
        return e.getStatusCode().getCode() + ": " + e.getMessage();
    }

    /** What the server said, without the exception class GAX puts in front. */
    private static String statusMessage(ApiException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status && status.getStatus().getDescription() != null) {
                return status.getStatus().getDescription();
            }
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The cause when the call failed on this side because no token could be had (a revoked key, a Workload Identity
     * binding missing, the token endpoint down): gRPC reports it as UNAVAILABLE or UNAUTHENTICATED, so the code alone
     * would call it an outage.
     */
    private static Optional<String> credentialsFailure(ApiException e) {
        if (String.valueOf(e.getMessage()).contains(UNIVERSE_DOMAIN_UNKNOWN)) {
            return Optional.of(String.valueOf(e.getCause()));
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof Retryable) {
                return Optional.of(cause.toString());
            }
            if (cause instanceof StatusRuntimeException status) {
                String description = String.valueOf(status.getStatus().getDescription());
                if (CREDENTIALS_FAILED.stream().anyMatch(description::startsWith)) {
                    return Optional.of(status.getCause() != null ? status.getCause().toString() : description);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Duration> retryDelay(ApiException e) {
        RetryInfo retry = e.getErrorDetails() == null ? null : e.getErrorDetails().getRetryInfo();
        if (retry == null || !retry.hasRetryDelay()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(retry.getRetryDelay().getSeconds(), retry.getRetryDelay().getNanos()));
    }
}
