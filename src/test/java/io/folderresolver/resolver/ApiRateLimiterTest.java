package io.folderresolver.resolver;

import java.time.Duration;

import io.folderresolver.testing.FakeClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiRateLimiterTest {

    private final FakeClock clock = new FakeClock();

    private int acquiredOver(ApiRateLimiter limiter, Duration period, Duration step) {
        int acquired = 0;
        for (long t = 0; t < period.toNanos(); t += step.toNanos()) {
            while (limiter.tryAcquire()) {
                acquired++;
            }
            clock.advance(step);
        }
        return acquired;
    }

    @Test
    void should_let_through_rate_calls_per_second_and_no_more() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, 1, Duration.ofSeconds(10), clock);

        // 1 token at start, then one every 100 ms for 60 s.
        assertThat(acquiredOver(limiter, Duration.ofSeconds(60), Duration.ofMillis(1))).isEqualTo(600);
    }

    @Test
    void should_space_calls_evenly_when_the_burst_is_one() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, 1, Duration.ofSeconds(10), clock);

        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(99));
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void should_cap_a_burst_after_a_quiet_spell_at_the_burst_size() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, 10, Duration.ofSeconds(10), clock);
        clock.advance(Duration.ofMinutes(5));

        int immediate = 0;
        while (limiter.tryAcquire()) {
            immediate++;
        }
        assertThat(immediate).isEqualTo(10);
    }

    @Test
    void should_refuse_a_burst_larger_than_one_seconds_worth() {
        assertThatThrownBy(() -> new ApiRateLimiter(10, 11, Duration.ofSeconds(10), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolver.burst");
    }

    @Test
    void should_run_at_half_rate_after_resource_exhausted_then_recover() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, 1, Duration.ofSeconds(10), clock);

        limiter.slowDown();

        assertThat(limiter.isSlowedDown()).isTrue();
        // Emptied, then one token every 200 ms: at 0.2 s, 0.4 s ... 9.8 s.
        assertThat(acquiredOver(limiter, Duration.ofSeconds(10), Duration.ofMillis(1))).isEqualTo(49);
        assertThat(acquiredOver(limiter, Duration.ofSeconds(10), Duration.ofMillis(1))).isBetween(100, 101);
        assertThat(limiter.isSlowedDown()).isFalse();
    }
}
