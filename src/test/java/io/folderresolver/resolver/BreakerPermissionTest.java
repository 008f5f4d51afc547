package io.folderresolver.resolver;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.folderresolver.batch.BatchEntry;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.folders.StandInClients;
import io.folderresolver.testing.FakeClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lookup that took the circuit breaker's permission and is then stopped while it waits for a token (a batch
 * stopped at shutdown) gives the permission back: a fresh service's circuit is half-open with one permitted call, and
 * a permission kept by a lookup that never calls would hold every later lookup for good.
 */
class BreakerPermissionTest {

    private static final FolderResolver.CacheSettings CACHE = new FolderResolver.CacheSettings(100, Duration.ofHours(1),
            Duration.ofMinutes(5));
    private final StandInClients api = new StandInClients(new FolderTree().add("111", "organizations/1", "Engineering"),
            StandInBehaviour.immediate(), 0);

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void should_give_the_permission_back_when_a_lookup_is_interrupted_waiting_for_a_token() throws Exception {
        assertThat(api.availability.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        // A limiter whose clock never moves, its one token spent: the lookup waits for a token that never comes.
        ApiRateLimiter spent = new ApiRateLimiter(1, 1, new FakeClock());
        assertThat(spent.tryAcquire()).isTrue();
        FolderResolver waiting = FolderResolverFactory.create(new ApiAccess(api.client, spent, api.availability,
                api.api.retries()), CACHE, api.clock);
        Thread stopped = new Thread(() -> waiting.resolve(BatchEntry.valid(0, "111", "111")));
        stopped.start();
        await().until(() -> stopped.getState() == Thread.State.TIMED_WAITING);

        stopped.interrupt();
        stopped.join();

        FolderResolver next = FolderResolverFactory.create(api.api, CACHE, api.clock);
        CompletableFuture<FolderResult> after = CompletableFuture.supplyAsync(() -> next.resolve(BatchEntry.valid(0, "111", "111")));
        await().atMost(Duration.ofSeconds(30)).until(after::isDone);
        assertThat(after.get().status()).isEqualTo(FolderStatus.RESOLVED);
        assertThat(api.availability.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
