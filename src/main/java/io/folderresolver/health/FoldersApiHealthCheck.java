package io.folderresolver.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.folderresolver.resolver.ApiAvailability;
import io.folderresolver.resolver.SetupFault;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the Folders API is unreachable or refuses every call for a fault in the set-up (lookups are
 * waiting; the message says the fault and its fix), UP again by itself once it answers.
 * It reads the circuit breaker the lookups already feed, so a probe costs no API call and no quota. With no
 * traffic it keeps the last known state.
 */
public final class FoldersApiHealthCheck extends AbstractHealthCheck {

    private final ApiAvailability availability;

    public FoldersApiHealthCheck(ApiAvailability availability) {
        super("folder-resolver", "folders-api");
        this.availability = availability;
    }

    @Override
    public boolean isLiveness() {
        // An outage is not a reason to restart the service: lookups wait it out.
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("circuit", availability.state().name());
        Optional<Instant> since = availability.unreachableSince();
        if (since.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("unreachable.since", since.get().toString());
        Optional<SetupFault> fault = availability.setupFault();
        if (fault.isPresent()) {
            builder.detail("setup.fault", fault.get().reason());
            builder.message("The Folders API has refused every call since " + since.get() + " for a fault in the set-up: "
                    + fault.get().describe() + " Lookups wait for up to resolver.outage-tolerance ("
                    + availability.outageTolerance() + ")");
            builder.down();
            return;
        }
        builder.message("The Folders API has been unreachable since " + since.get() + "; lookups wait for up to "
                + "resolver.outage-tolerance (" + availability.outageTolerance() + ")");
        builder.down();
    }
}
