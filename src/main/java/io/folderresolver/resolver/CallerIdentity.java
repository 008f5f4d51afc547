package io.folderresolver.resolver;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;

/**
 * Who calls the Folders API and which project its quota and API enablement count against. Google counts both in the
 * caller's project: the service account's own, or the quota project, which user credentials must carry (without one,
 * Google's shared SDK project is charged and the API's quota and enablement are not yours). Loaded once from
 * Application Default Credentials, with {@code gcp.quota-project} on top when set. Nothing here makes a network call.
 *
 * @param credentials  what the Folders client uses
 * @param principal    who they are, in words
 * @param quotaProject the project quota is counted against, in words
 */
public record CallerIdentity(GoogleCredentials credentials, String principal, String quotaProject) {

    /** @param configuredQuotaProject {@code gcp.quota-project}; empty leaves the credentials' own */
    public static CallerIdentity fromApplicationDefault(String configuredQuotaProject) {
        try {
            return of(GoogleCredentials.getApplicationDefault(), configuredQuotaProject);
        } catch (IOException e) {
            throw new UncheckedIOException("no Application Default Credentials: " + e.getMessage()
                    + " (gcloud auth application-default login, GOOGLE_APPLICATION_CREDENTIALS, or the workload's"
                    + " service account)", e);
        }
    }

    static CallerIdentity of(GoogleCredentials found, String configuredQuotaProject) {
        GoogleCredentials used = configuredQuotaProject.isEmpty() ? found : found.createWithQuotaProject(configuredQuotaProject);
        return new CallerIdentity(used, principalOf(used), quotaProjectOf(used, !configuredQuotaProject.isEmpty()));
    }

    /** User credentials with no quota project: calls count against Google's shared project, not yours. */
    public boolean userWithoutQuotaProject() {
        return credentials instanceof UserCredentials && credentials.getQuotaProjectId() == null;
    }

    private static String principalOf(GoogleCredentials credentials) {
        if (credentials instanceof ServiceAccountCredentials account) {
            return "service account " + account.getClientEmail();
        }
        if (credentials instanceof ImpersonatedCredentials impersonated) {
            return "service account " + impersonated.getAccount() + " (impersonated)";
        }
        if (credentials instanceof ExternalAccountCredentials federated) {
            return federated.getServiceAccountEmail() != null
                    ? "service account " + federated.getServiceAccountEmail() + " (workload identity federation)"
                    : "a federated identity of " + federated.getAudience();
        }
        if (credentials instanceof UserCredentials) {
            return "user credentials (gcloud auth application-default login)";
        }
        if (credentials instanceof ComputeEngineCredentials) {
            return "the service account of this GCE, GKE or Cloud Run workload (metadata server)";
        }
        return credentials.getClass().getSimpleName();
    }

    private static String quotaProjectOf(GoogleCredentials credentials, boolean configured) {
        String quotaProject = credentials.getQuotaProjectId();
        if (quotaProject != null) {
            return quotaProject + (configured ? " (gcp.quota-project)" : " (the credentials' quota project)");
        }
        if (credentials instanceof ServiceAccountCredentials account && account.getProjectId() != null) {
            return account.getProjectId() + " (the service account's project)";
        }
        if (credentials instanceof UserCredentials) {
            return "none: Google's shared SDK project is charged (set gcp.quota-project)";
        }
        return "the service account's project";
    }
}
