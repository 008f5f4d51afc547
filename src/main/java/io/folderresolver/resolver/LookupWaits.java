package io.folderresolver.resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** What lookups are waiting for now, in words: said when a batch stops moving, so whoever reads it knows where to look. */
public final class LookupWaits implements Supplier<String> {

    private final ApiAvailability availability;
    private final ApiRateLimiter limiter;
    private final MeterRegistry meters;

    public LookupWaits(ApiAvailability availability, ApiRateLimiter limiter, MeterRegistry meters) {
        this.availability = availability;
        this.limiter = limiter;
        this.meters = meters;
    }

    @Override
    public String get() {
        List<String> waits = new ArrayList<>();
        availability.setupFault().ifPresentOrElse(
                fault -> waits.add("a fault in the set-up: " + fault.describe()),
                () -> availability.unreachableSince().ifPresent(
                        since -> waits.add("the Folders API, unreachable since " + since)));
        if (limiter.isSlowedDown()) {
            waits.add(String.format("the rate limit, slowed to %.1f calls/s after RESOURCE_EXHAUSTED", limiter.rate()));
        }
        Gauge claims = meters.find("folder.resolver.shared.lookups.waiting").gauge();
        if (claims != null && claims.value() > 0) {
            waits.add((long) claims.value() + " lookups waiting for another replica's claim in Redis");
        }
        return waits.isEmpty() ? "nothing the resolver can see (calls in flight, or the batch's source)"
                : String.join("; ", waits);
    }
}
