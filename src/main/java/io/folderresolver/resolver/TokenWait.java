package io.folderresolver.resolver;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.bucket4j.ConsumptionProbe;

/**
 * Waiting for a token of a bucket on the calling thread, asking again when the bucket says one will be there.
 * Nothing is reserved while waiting, so a change of rate applies at once to every waiter.
 */
public final class TokenWait {

    private TokenWait() {
    }

    /** @return false if {@code tryTake} found no token within {@code maxWait} */
    public static boolean acquire(Supplier<ConsumptionProbe> tryTake, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            ConsumptionProbe probe;
            try {
                probe = tryTake.get();
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // A shared bucket's store gave up because this thread was interrupted: say it as such.
                    throw new InterruptedException("interrupted while taking a token: " + e.getMessage());
                }
                throw e;
            }
            if (probe.isConsumed()) {
                return true;
            }
            long wait = Math.max(probe.getNanosToWaitForRefill(), 1_000_000L);
            if (System.nanoTime() + wait - deadline > 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
