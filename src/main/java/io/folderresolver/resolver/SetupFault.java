package io.folderresolver.resolver;

import java.util.Map;
import java.util.Set;

/**
 * A fault in how the service is set up, not an answer about a folder: every call would meet it until someone fixes
 * the project, the credentials or the network. Never cached, never shared, never written as a folder's status.
 *
 * @param reason  Google's {@code ErrorInfo} reason ({@code SERVICE_DISABLED}, ...), {@code UNAUTHENTICATED}, or
 *                {@code CREDENTIALS} when no token could be had
 * @param message what Google (or the credentials) said
 * @param fix     what to do about it, in words
 */
public record SetupFault(String reason, String message, String fix) {

    /** The reasons the metric's label takes; any other is counted as {@code OTHER}, so the label stays bounded. */
    public static final Set<String> LABELS = Set.of("SERVICE_DISABLED", "BILLING_DISABLED",
            "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "SECURITY_POLICY_VIOLATED", "UNAUTHENTICATED", "CREDENTIALS", "OTHER");

    static SetupFault of(String reason, String message, Map<String, String> metadata) {
        return new SetupFault(reason, message, fixFor(reason, metadata == null ? Map.of() : metadata));
    }

    public String label() {
        return LABELS.contains(reason) ? reason : "OTHER";
    }

    /** One line for logs and health: the reason, what was said, the fix. */
    public String describe() {
        return reason + ": " + message + " Fix: " + fix;
    }

    private static String fixFor(String reason, Map<String, String> metadata) {
        String service = metadata.getOrDefault("service", "cloudresourcemanager.googleapis.com");
        String consumer = metadata.getOrDefault("consumer", "the caller's project");
        String project = consumer.startsWith("projects/") ? consumer.substring("projects/".length()) : "PROJECT";
        return switch (reason) {
            case "SERVICE_DISABLED" -> "enable " + service + " in " + consumer + " (gcloud services enable " + service
                    + " --project=" + project + "), or set gcp.quota-project to a project where it is enabled";
            case "BILLING_DISABLED" -> "enable billing on " + consumer
                    + ", or set gcp.quota-project to a project with billing";
            case "ACCESS_TOKEN_SCOPE_INSUFFICIENT" -> "give the credentials the scope "
                    + "https://www.googleapis.com/auth/cloud-platform (a VM's or node pool's access scopes), or use "
                    + "Workload Identity";
            case "SECURITY_POLICY_VIOLATED" -> "a VPC Service Controls perimeter blocks the call"
                    + (metadata.containsKey("uid") ? " (violation " + metadata.get("uid") + ")" : "")
                    + ": allow the caller in through an ingress rule or access level, or run inside the perimeter";
            case "UNAUTHENTICATED" -> "Google refused the credentials: renew them (gcloud auth application-default "
                    + "login), or check the service account key or the Workload Identity binding";
            case "CREDENTIALS" -> "check Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud auth "
                    + "application-default login, or the Workload Identity binding of the pod's service account";
            default -> "this PERMISSION_DENIED is not about one folder (reason " + reason + "): check the project, "
                    + "the credentials and the organization's policies";
        };
    }
}
