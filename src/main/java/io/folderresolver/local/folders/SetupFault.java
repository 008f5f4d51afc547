package io.folderresolver.local.folders;

import java.util.Map;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A mis-configured caller, as Google answers it: every call refused with the same code a folder's refusal has
 * (PERMISSION_DENIED) or UNAUTHENTICATED, told apart only by the {@code google.rpc.ErrorInfo} reason. Messages are
 * modelled on Google's; the project number is the stand-in's.
 */
public enum SetupFault {

    /** The Resource Manager API is not enabled in the caller's (quota) project. */
    SERVICE_DISABLED(Status.Code.PERMISSION_DENIED, "Cloud Resource Manager API has not been used in project "
            + "123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/"
            + "apis/api/cloudresourcemanager.googleapis.com/overview?project=123456789012 then retry.",
            Map.of("service", GoogleErrors.SERVICE, "consumer", GoogleErrors.CONSUMER,
                    "activationUrl", "https://console.developers.google.com/apis/api/"
                            + "cloudresourcemanager.googleapis.com/overview?project=123456789012")),
    /** Billing is off on the caller's project. */
    BILLING_DISABLED(Status.Code.PERMISSION_DENIED, "This API method requires billing to be enabled. Please enable "
            + "billing on project #123456789012 then retry.",
            Map.of("service", GoogleErrors.SERVICE, "consumer", GoogleErrors.CONSUMER)),
    /** The access token lacks the cloud-platform scope (e.g. a VM's default scopes). */
    ACCESS_TOKEN_SCOPE_INSUFFICIENT(Status.Code.PERMISSION_DENIED, "Request had insufficient authentication scopes.",
            Map.of("service", GoogleErrors.SERVICE, "method", "google.cloud.resourcemanager.v3.Folders.GetFolder")),
    /** A VPC Service Controls perimeter blocks the call. */
    SECURITY_POLICY_VIOLATED(Status.Code.PERMISSION_DENIED, "Request is prohibited by organization's policy. "
            + "vpcServiceControlsUniqueIdentifier: stand-in-0123456789",
            Map.of("service", GoogleErrors.SERVICE, "consumer", GoogleErrors.CONSUMER,
                    "uid", "stand-in-0123456789")),
    /** Google refuses the token itself (revoked key, expired token). */
    CREDENTIALS_MISSING(Status.Code.UNAUTHENTICATED, "Request had invalid authentication credentials. Expected OAuth 2 "
            + "access token, login cookie or other valid authentication credential.",
            Map.of("service", GoogleErrors.SERVICE, "method", "google.cloud.resourcemanager.v3.Folders.GetFolder"));

    private final Status.Code code;
    private final String message;
    private final Map<String, String> metadata;

    SetupFault(Status.Code code, String message, Map<String, String> metadata) {
        this.code = code;
        this.message = message;
        this.metadata = metadata;
    }

    StatusRuntimeException error() {
        return GoogleErrors.error(code, message, name(), "googleapis.com", metadata);
    }
}
