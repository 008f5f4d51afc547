package io.folderresolver.local.folders;

import java.time.Duration;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Errors as Google's APIs send them: a gRPC status whose {@code grpc-status-details-bin} trailer carries a
 * {@code google.rpc.ErrorInfo} (reason, domain, metadata), and a {@code google.rpc.RetryInfo} where Google gives one.
 * Reasons and metadata keys follow {@code com.google.api.ErrorReason}; the reasons for NOT_FOUND, UNAVAILABLE and
 * INVALID_ARGUMENT are not documented for this API and are this stand-in's own.
 */
public final class GoogleErrors {

    static final String SERVICE = "cloudresourcemanager.googleapis.com";
    /** The project a stand-in's caller pretends to be in (quota and API enablement are counted there). */
    static final String CONSUMER = "projects/123456789012";

    private GoogleErrors() {
    }

    /** What GetFolder answers for a folder the caller may not see, or that does not exist. */
    static StatusRuntimeException permissionDenied(String name) {
        return error(Status.Code.PERMISSION_DENIED,
                "Permission 'resourcemanager.folders.get' denied on resource '" + name + "' (or it may not exist).",
                "IAM_PERMISSION_DENIED", SERVICE, Map.of("permission", "resourcemanager.folders.get", "resource", name));
    }

    static StatusRuntimeException notFound(String name) {
        return error(Status.Code.NOT_FOUND, "Folder " + name + " not found.", "RESOURCE_NOT_FOUND", SERVICE,
                Map.of("resource", name));
    }

    static StatusRuntimeException invalidArgument(String message) {
        return error(Status.Code.INVALID_ARGUMENT, message, "INVALID_ARGUMENT", SERVICE, Map.of());
    }

    static StatusRuntimeException unavailable(String message) {
        return error(Status.Code.UNAVAILABLE, message, "SERVICE_UNAVAILABLE", SERVICE, Map.of());
    }

    /** A refusal for quota: reason RATE_LIMIT_EXCEEDED, and a RetryInfo saying when a call would be let through. */
    static StatusRuntimeException rateLimitExceeded(String method, int perSecond, Duration retryDelay) {
        return rateLimitExceeded(SERVICE, method, perSecond, "Second", retryDelay);
    }

    /**
     * A refusal for quota of {@code service} (e.g. {@code cloudasset.googleapis.com}): {@code limit} calls of
     * {@code method} per {@code window} ({@code Second}, {@code Minute}).
     */
    public static StatusRuntimeException rateLimitExceeded(String service, String method, int limit, String window,
            Duration retryDelay) {
        ErrorInfo info = errorInfo("RATE_LIMIT_EXCEEDED", "googleapis.com", Map.of(
                "service", service, "consumer", CONSUMER,
                "quota_metric", service + "/" + method.toLowerCase() + "_requests",
                "quota_limit", method + "RequestsPer" + window + "PerProject",
                "quota_limit_value", Integer.toString(limit)));
        RetryInfo retry = RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                .setSeconds(retryDelay.getSeconds()).setNanos(retryDelay.getNano())).build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                .setMessage("Quota exceeded for quota metric '" + method + " requests' of service '" + service
                        + "' for consumer '" + CONSUMER + "': " + limit + " per " + window.toLowerCase())
                .addDetails(Any.pack(info)).addDetails(Any.pack(retry)).build());
    }

    /** Any code, as a test scripts it; PERMISSION_DENIED is the per-folder refusal. */
    static StatusRuntimeException scripted(Status.Code code, String name) {
        return code == Status.Code.PERMISSION_DENIED ? permissionDenied(name)
                : error(code, "scripted failure for " + name, code.name(), SERVICE, Map.of());
    }

    public static StatusRuntimeException error(Status.Code code, String message, String reason, String domain,
            Map<String, String> metadata) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(errorInfo(reason, domain, metadata)))
                .build());
    }

    private static ErrorInfo errorInfo(String reason, String domain, Map<String, String> metadata) {
        return ErrorInfo.newBuilder().setReason(reason).setDomain(domain).putAllMetadata(metadata).build();
    }
}
