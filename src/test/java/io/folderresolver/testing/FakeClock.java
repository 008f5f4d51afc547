package io.folderresolver.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;

/** Time that moves only when the test says so, for token buckets (Bucket4j) and caches (Caffeine) alike. */
public final class FakeClock implements TimeMeter, Ticker {

    private final AtomicLong nanos = new AtomicLong();

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    /**
     * This clock, passed off as the wall clock: Bucket4j takes only such for buckets in Redis, whose replicas must
     * share one time.
     */
    public TimeMeter asWallClock() {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanos.get();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public long currentTimeNanos() {
        return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    @Override
    public long read() {
        return nanos.get();
    }
}
