package io.folderresolver.resolver;

/**
 * The rate the API really allows, found by additive increase and multiplicative decrease, as TCP does: at most
 * {@code maxRate} calls per second. When the API answers RESOURCE_EXHAUSTED the rate drops to {@value #DECREASE} of
 * itself; refusals within a second of a drop are the same congestion and do not drop it again. Each full second
 * without a refusal adds back 1/{@value #FAST_RECOVERY_SECONDS} of {@code maxRate} while below {@value #CAUTION} of
 * the rate that was refused, then 1/{@value #SLOW_RECOVERY_SECONDS} of it, up to {@code maxRate}: a slow approach
 * to where the last refusal came. A value: its owner keeps it consistent (a lock in one replica, a compare-and-set
 * in Redis for a fleet), which is why it can be saved and restored ({@link #state()}).
 */
public final class AdaptiveRate {

    static final double DECREASE = 0.9;
    static final double CAUTION = 0.95;
    static final int FAST_RECOVERY_SECONDS = 20;
    static final int SLOW_RECOVERY_SECONDS = 200;
    private static final long SECOND = 1_000_000_000L;

    private final double maxRate;
    private State state;

    /** Everything it knows; times in nanos of the owner's clock. */
    public record State(double rate, double refusedRate, long lastIncreaseNanos, long lastDecreaseNanos,
            boolean decreasedOnce) {
    }

    public AdaptiveRate(double maxRate) {
        this(maxRate, new State(maxRate, 0, 0, 0, false));
    }

    public AdaptiveRate(double maxRate, State state) {
        this.maxRate = maxRate;
        this.state = state;
    }

    public State state() {
        return state;
    }

    public double rate() {
        return state.rate();
    }

    public boolean isBelowMax() {
        return state.rate() < maxRate;
    }

    /** The API said RESOURCE_EXHAUSTED at {@code now}; true if the rate dropped. */
    public boolean refused(long now) {
        if (state.decreasedOnce() && now - state.lastDecreaseNanos() < SECOND) {
            return false;
        }
        // Never below one call a second (or the maximum, where that is lower: a quota counted per minute).
        state = new State(Math.max(Math.min(1.0, maxRate), state.rate() * DECREASE), state.rate(), now, now, true);
        return true;
    }

    /** Adds back what the full seconds since the last increase earned; true if the rate grew. */
    public boolean recover(long now) {
        if (state.rate() >= maxRate) {
            return false;
        }
        long seconds = (now - state.lastIncreaseNanos()) / SECOND;
        if (seconds <= 0) {
            return false;
        }
        double rate = state.rate();
        for (long second = 0; second < seconds && rate < maxRate; second++) {
            boolean farBelowRefusal = rate < CAUTION * state.refusedRate();
            rate = Math.min(maxRate, rate + maxRate / (farBelowRefusal ? FAST_RECOVERY_SECONDS : SLOW_RECOVERY_SECONDS));
        }
        state = new State(rate, state.refusedRate(), state.lastIncreaseNanos() + seconds * SECOND,
                state.lastDecreaseNanos(), state.decreasedOnce());
        return true;
    }
}
