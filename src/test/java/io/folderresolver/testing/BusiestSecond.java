package io.folderresolver.testing;

import java.util.ArrayList;
import java.util.List;

/** The most events in any window of one second, from their {@link System#nanoTime()}-style timestamps. */
public final class BusiestSecond {

    private static final long SECOND = 1_000_000_000L;

    private BusiestSecond() {
    }

    public static int of(List<Long> nanos) {
        List<Long> times = new ArrayList<>(nanos);
        times.sort(null);
        int most = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) >= SECOND) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }
}
