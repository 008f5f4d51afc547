package io.folderresolver.resolver;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.Retryable;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.OAuth2Credentials;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.local.folders.CallCounters;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.SetupFault;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.folders.StandInClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Errors read by their code and their google.rpc.ErrorInfo, against the stand-in answering as Google does: a folder
 * the caller may not see is PERMISSION_DENIED; the same code for a fault in the set-up (API disabled, billing off,
 * scope, VPC-SC) or refused credentials is never a folder's answer: lookups wait for a fix, and past the tolerance
 * fail with the fault named. A token that cannot be had is a fault in the set-up too, not an outage.
 */
class ApiErrorsTest {

    /** Names kept an hour, refusals five minutes, as shipped. */
    private static final FolderResolver.CacheSettings CACHE = new FolderResolver.CacheSettings(1000,
            Duration.ofHours(1), Duration.ofMinutes(5));
    private final FolderTree tree = new FolderTree()
            .add("111", "organizations/1", "Engineering")
            .add("222", "folders/111", "Platform");
    private StandInClients api;
    private FoldersClient otherClient;

    @AfterEach
    void close() {
        if (otherClient != null) {
            otherClient.close();
        }
        api.close();
    }

    @ParameterizedTest
    @EnumSource(SetupFault.class)
    void should_wait_out_a_fault_in_the_set_up_and_resolve_once_it_is_fixed(SetupFault fault) {
        api = new StandInClients(tree, StandInBehaviour.immediate(), 0);
        FolderResolver resolver = resolver(api.api);
        assertThat(resolver.resolve(entry("111")).status()).isEqualTo(FolderStatus.RESOLVED);

        api.standIn.setupFault(fault);
        CompletableFuture<FolderResult> during = CompletableFuture.supplyAsync(() -> resolver.resolve(entry("222")));

        await().until(() -> api.availability.setupFault().isPresent());
        assertThat(api.availability.setupFault().get().reason())
                .isEqualTo(fault == SetupFault.CREDENTIALS_MISSING ? "UNAUTHENTICATED" : fault.name());
        // Open, or half-open while a probe is out (every 50 ms here): no longer letting lookups through.
        assertThat(api.availability.state()).isNotEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(during).isNotDone();

        api.standIn.setupFault(null);

        assertThat(during.join().status()).isEqualTo(FolderStatus.RESOLVED);
        assertThat(during.join().displayName()).isEqualTo("Platform");
        assertThat(api.availability.setupFault()).isEmpty();
    }

    @Test
    void should_fail_with_the_fault_and_its_fix_past_the_tolerance_and_cache_nothing() {
        api = new StandInClients(tree, StandInBehaviour.immediate(), 0, Duration.ofMillis(300));
        FolderResolver resolver = resolver(api.api);
        api.standIn.setupFault(SetupFault.SERVICE_DISABLED);

        FolderResult failed = resolver.resolve(entry("111"));

        assertThat(failed.status()).isEqualTo(FolderStatus.FAILED);
        assertThat(failed.error()).contains("SERVICE_DISABLED")
                .contains("gcloud services enable cloudresourcemanager.googleapis.com --project=123456789012");
        // Nothing was kept: once the fault is lifted, the next lookup the circuit lets through resolves it.
        api.standIn.setupFault(null);
        await().until(() -> resolver.resolve(entry("111")).status() == FolderStatus.RESOLVED);
    }

    @Test
    void should_still_answer_permission_denied_for_a_folder_the_caller_may_not_see() {
        api = new StandInClients(tree, StandInBehaviour.immediate().withPermissionDenied(Set.of("222")), 0);
        FolderResolver resolver = resolver(api.api);

        FolderResult hidden = resolver.resolve(entry("222"));
        FolderResult unknown = resolver.resolve(entry("999"));

        assertThat(List.of(hidden.status(), unknown.status()))
                .containsExactly(FolderStatus.PERMISSION_DENIED, FolderStatus.PERMISSION_DENIED);
        assertThat(api.availability.setupFault()).isEmpty();
        assertThat(api.availability.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /** A revoked key (gRPC: UNAUTHENTICATED) and an unreachable token endpoint (gRPC: UNAVAILABLE) alike. */
    static Stream<Arguments> tokensThatCannotBeHad() {
        return Stream.of(
                Arguments.of(new IOException("invalid_grant: the key was revoked"), "the key was revoked"),
                Arguments.of(new RetryableIOException("connect timed out: oauth2.googleapis.com"), "oauth2.googleapis.com"));
    }

    @ParameterizedTest
    @MethodSource("tokensThatCannotBeHad")
    void should_report_credentials_that_cannot_get_a_token_as_a_fault_in_the_set_up_not_an_outage(IOException failure,
            String said) {
        api = new StandInClients(tree, StandInBehaviour.immediate(), 0);
        otherClient = connection().open(FixedCredentialsProvider.create(new FailingCredentials(failure)));
        FolderResolver resolver = resolver(withClient(otherClient));

        CompletableFuture<FolderResult> waiting = CompletableFuture.supplyAsync(() -> resolver.resolve(entry("111")));

        await().until(() -> api.availability.setupFault().isPresent());
        assertThat(api.availability.setupFault().get().reason()).isEqualTo("CREDENTIALS");
        assertThat(api.availability.setupFault().get().message()).contains(said);
        assertThat(api.standIn.counters().getFolderCalls()).isZero();
        assertThat(waiting).isNotDone();
    }

    @Test
    void should_wait_at_least_what_google_retry_info_says_after_a_quota_refusal() {
        api = new StandInClients(tree, StandInBehaviour.immediate().withQuota(1, 1), 0);
        api.standIn.counters().recordArrivals();
        FolderResolver resolver = resolver(api.api);
        assertThat(resolver.resolve(entry("111")).status()).isEqualTo(FolderStatus.RESOLVED);

        // The quota's clock is the test's: the next token comes one second on, and RetryInfo says so.
        CompletableFuture<FolderResult> refused = CompletableFuture.supplyAsync(() -> resolver.resolve(entry("222")));
        await().until(() -> api.standIn.counters().resourceExhausted() == 1);
        api.clock.advance(Duration.ofSeconds(1));

        assertThat(refused.join().status()).isEqualTo(FolderStatus.RESOLVED);
        List<CallCounters.Arrival> forTheSecond = api.standIn.counters().arrivals().stream()
                .filter(arrival -> arrival.folderId().equals("222")).toList();
        assertThat(forTheSecond).hasSize(2);
        assertThat(forTheSecond.get(1).nanos() - forTheSecond.get(0).nanos())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    private FoldersConnection connection() {
        return new FoldersConnection(api.standIn.address(), true, Duration.ofMinutes(1));
    }

    private ApiAccess withClient(FoldersClient client) {
        return new ApiAccess(client, api.limiter, api.availability, api.api.retries());
    }

    private FolderResolver resolver(ApiAccess access) {
        return FolderResolverFactory.create(access, CACHE, api.clock);
    }

    private static BatchEntry entry(String folderId) {
        return BatchEntry.valid(0, folderId, folderId);
    }

    /** Credentials whose token cannot be had, as a revoked key or an unreachable token endpoint. */
    private static final class FailingCredentials extends OAuth2Credentials {
        private final IOException failure;

        FailingCredentials(IOException failure) {
            this.failure = failure;
        }

        @Override
        public AccessToken refreshAccessToken() throws IOException {
            throw failure;
        }
    }

    /** What google-auth throws when the token endpoint does not answer: retryable. */
    private static final class RetryableIOException extends IOException implements Retryable {
        RetryableIOException(String message) {
            super(message);
        }

        @Override
        public boolean isRetryable() {
            return true;
        }

        @Override
        public int getRetryCount() {
            return 0;
        }
    }
}
