package io.folderresolver.resolver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Folders API can be reached, as a Resilience4j circuit breaker every lookup shares. When most recent
 * calls could not reach the API (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN), the circuit opens and lookups
 * <em>wait</em> instead of spending their retries on a dead endpoint; every {@code probeInterval} one call probes
 * (half-open), and once one gets an answer the circuit closes and everyone goes on at the rate limiter's pace. A
 * lookup fails only once the API has been unreachable for longer than {@code outageTolerance}. An answer of any kind
 * (a folder, NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED) counts as reachable. It starts half-open: the
 * first call of a fresh service is a probe too. A {@link SetupFault} (the API disabled, credentials refused, ...)
 * opens the circuit at once: every call would meet it, so lookups wait for a fix the same way, and a probe every
 * {@code probeInterval} notices it.
 */
public final class ApiAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAvailability.class);

    private final CircuitBreaker breaker;
    private final Duration outageTolerance;
    private final Duration probeInterval;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Instant unreachableSince;
    private volatile SetupFault setupFault;

    public ApiAvailability(Duration outageTolerance, Duration probeInterval, Clock clock) {
        this.outageTolerance = outageTolerance;
        this.probeInterval = probeInterval;
        this.clock = clock;
        this.breaker = CircuitBreaker.of("folders-api", CircuitBreakerConfig.custom()
                .slidingWindow(10, 5, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                .waitDurationInOpenState(probeInterval)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
        // Not known yet: the first call goes alone and connects the channel, so calls that took their tokens
        // meanwhile do not queue on a connecting channel and then leave at once. (Half-open is reached via open.)
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        breaker.getEventPublisher().onStateTransition(event -> stateChanged(event.getStateTransition()));
    }

    /** The circuit's state, for health checks and logs: CLOSED (reachable), OPEN (unreachable), HALF_OPEN (probing). */
    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** Since when the API has been unreachable, while it is; empty when it answers (or no call has failed yet). */
    public Optional<Instant> unreachableSince() {
        return Optional.ofNullable(unreachableSince);
    }

    /** The fault in the set-up that keeps every call from succeeding, while there is one. */
    public Optional<SetupFault> setupFault() {
        return Optional.ofNullable(setupFault);
    }

    public Duration outageTolerance() {
        return outageTolerance;
    }

    /**
     * Waits until a call may go out. Throws {@link ApiUnreachableException} once the API has been unreachable for
     * longer than the outage tolerance (a probe is still let through then, so the circuit can close again).
     */
    public void awaitPermission() throws InterruptedException {
        while (!breaker.tryAcquirePermission()) {
            Instant since = unreachableSince;
            if (since != null && Duration.between(since, clock.instant()).compareTo(outageTolerance) > 0) {
                SetupFault fault = setupFault;
                throw new ApiUnreachableException(fault == null
                        ? "the Folders API has been unreachable since " + since + ", longer than resolver.outage-tolerance ("
                                + outageTolerance + ")"
                        : "the Folders API has refused every call since " + since + " for a fault in the set-up, longer "
                                + "than resolver.outage-tolerance (" + outageTolerance + "): " + fault.describe());
            }
            lock.lock();
            try {
                changed.await(probeInterval.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                lock.unlock();
            }
        }
    }

    /** The API answered (whatever it said). */
    public void answered(long tookNanos) {
        breaker.onSuccess(tookNanos, TimeUnit.NANOSECONDS);
    }

    /** The call could not reach the API, or the API failed it. */
    public void unreachable(long tookNanos, Throwable cause) {
        breaker.onError(tookNanos, TimeUnit.NANOSECONDS, cause);
    }

    /**
     * The call met a fault in the set-up: the circuit opens at once (or stays open, its probe timer restarted), so no
     * further call is made until a probe's, and the fault is said once per change.
     */
    public void refusedForSetup(long tookNanos, SetupFault fault) {
        SetupFault before = setupFault;
        setupFault = fault;
        if (before == null || !before.reason().equals(fault.reason())) {
            LOG.warn("The Folders API refuses every call: {}. Lookups wait (probing every {}) for up to "
                    + "resolver.outage-tolerance ({}); nothing is cached or written as a folder's answer meanwhile",
                    fault.describe(), probeInterval, outageTolerance);
        }
        breaker.onError(tookNanos, TimeUnit.NANOSECONDS, new IllegalStateException(fault.reason()));
        lock.lock();
        try {
            if (breaker.getState() != CircuitBreaker.State.OPEN) {
                breaker.transitionToOpenState();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A permission taken but not used for a call. */
    public void release() {
        breaker.releasePermission();
    }

    private void stateChanged(CircuitBreaker.StateTransition transition) {
        switch (transition.getToState()) {
            case OPEN -> {
                if (unreachableSince == null) {
                    unreachableSince = clock.instant();
                    LOG.warn("The Folders API is unreachable: lookups wait (probing every {}) for up to "
                            + "resolver.outage-tolerance ({}) before they fail", probeInterval, outageTolerance);
                }
            }
            case CLOSED -> {
                SetupFault fault = setupFault;
                if (fault != null) {
                    LOG.warn("The Folders API answers again: the fault in the set-up ({}) is gone", fault.reason());
                    setupFault = null;
                }
                if (unreachableSince != null) {
                    LOG.warn("The Folders API is reachable again after {}; lookups go on",
                            Duration.between(unreachableSince, clock.instant()));
                    unreachableSince = null;
                }
            }
            default -> {
                // HALF_OPEN: one probe is on its way.
            }
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
