package io.folderresolver.resolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.folderresolver.testing.BusiestSecond;
import io.folderresolver.testing.FakeClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limiter on a fake clock: exact counts, whatever the machine does. */
class ApiRateLimiterTest {

    private static final Duration MILLI = Duration.ofMillis(1);

    private final FakeClock clock = new FakeClock();
    /** When each token was handed out, in fake nanos. */
    private final List<Long> granted = new ArrayList<>();

    /** Takes every token there is, a millisecond at a time, for {@code period}. */
    private int drain(ApiRateLimiter limiter, Duration period) {
        int acquired = 0;
        for (long t = 0; t < period.toNanos(); t += MILLI.toNanos()) {
            while (limiter.tryAcquire()) {
                granted.add(clock.currentTimeNanos());
                acquired++;
            }
            clock.advance(MILLI);
        }
        return acquired;
    }

    /** The most tokens handed out in any window of one second. */
    private int busiestSecond() {
        return BusiestSecond.of(granted);
    }

    @Test
    void should_let_through_rate_calls_per_second_and_no_more() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, 1, clock);

        // 1 token at start, then one every 100 ms for 60 s.
        assertThat(drain(limiter, Duration.ofSeconds(60))).isEqualTo(600);
        assertThat(busiestSecond()).isEqualTo(10);
    }

    @Test
    void should_space_calls_evenly_when_the_burst_is_one() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, 1, clock);

        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(99));
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void should_cap_a_burst_after_a_quiet_spell_at_the_burst_size() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, 10, clock);
        clock.advance(Duration.ofMinutes(5));

        int immediate = 0;
        while (limiter.tryAcquire()) {
            immediate++;
        }
        assertThat(immediate).isEqualTo(10);
    }

    @Test
    void should_refuse_a_burst_larger_than_one_seconds_worth() {
        assertThatThrownBy(() -> new ApiRateLimiter(10, 11, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolver.burst");
    }

    @Test
    void should_drop_the_rate_on_a_refusal_then_recover_fast_and_approach_the_refused_rate_slowly() {
        ApiRateLimiter limiter = new ApiRateLimiter(100, 1, clock);
        List<Double> rates = new ArrayList<>();

        limiter.refused();
        rates.add(limiter.rate());
        for (int second = 0; second < 14; second++) {
            clock.advance(Duration.ofSeconds(1));
            limiter.tryAcquire();
            rates.add(limiter.rate());
        }

        assertThat(limiter.isSlowedDown()).isFalse();
        // 90, then +5/s up to 95 (0.95 of the refused 100), then +0.5/s.
        assertThat(rates).containsExactly(90.0, 95.0, 95.5, 96.0, 96.5, 97.0, 97.5, 98.0, 98.5, 99.0, 99.5, 100.0,
                100.0, 100.0, 100.0);
    }

    @Test
    void should_count_refusals_within_a_second_as_one_congestion() {
        ApiRateLimiter limiter = new ApiRateLimiter(100, 1, clock);

        limiter.refused();
        assertThat(limiter.isSlowedDown()).isTrue();
        clock.advance(Duration.ofMillis(500));
        limiter.refused();
        assertThat(limiter.rate()).isEqualTo(90.0);

        clock.advance(Duration.ofMillis(500));
        limiter.refused();
        assertThat(limiter.rate()).isCloseTo(81.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void should_never_hand_out_more_than_rate_plus_burst_in_any_second_around_refusals_and_recovery() {
        ApiRateLimiter limiter = new ApiRateLimiter(20, 5, clock);
        drain(limiter, Duration.ofSeconds(3));
        for (int round = 0; round < 5; round++) {
            limiter.refused();
            drain(limiter, Duration.ofMillis(1300));
        }
        drain(limiter, Duration.ofSeconds(120)); // the whole way back to full rate

        assertThat(limiter.rate()).isEqualTo(20.0);
        assertThat(busiestSecond()).isLessThanOrEqualTo(20 + 5);
    }

    @Test
    void should_not_reserve_tokens_for_waiters_so_a_refusal_applies_to_them_at_once() throws Exception {
        ApiRateLimiter limiter = new ApiRateLimiter(1000, 1, clock);
        assertThat(limiter.tryAcquire()).isTrue();

        // Time stands still, so a waiter finds no token and gives up at its deadline without having taken any.
        assertThat(limiter.acquire(Duration.ofMillis(20))).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire()).isTrue();
    }
}
