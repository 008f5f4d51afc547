package io.folderresolver.pubsub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.google.api.core.ApiService;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.common.util.concurrent.MoreExecutors;

/**
 * Whether the streaming-pull subscribers can reach their subscription. The client retries transient stream errors
 * itself and fails a subscriber only on lasting ones (the subscription is gone, access was revoked); Camel then
 * starts a new one. So the service has a problem from a failure until a newer subscriber has run steadily.
 */
public final class SubscriberHealth {

    /** A subscriber that runs this long without failing has reached its subscription: refusals come at once. */
    static final Duration STEADY = Duration.ofSeconds(5);

    private record Failure(Instant at, String reason) {
    }

    private final Clock clock;
    private volatile Subscriber newest;
    private volatile Instant newestCreated;
    private volatile Failure lastFailure;

    public SubscriberHealth(Clock clock) {
        this.clock = clock;
    }

    void track(Subscriber subscriber) {
        newestCreated = clock.instant();
        newest = subscriber;
        subscriber.addListener(new ApiService.Listener() {
            @Override
            public void failed(ApiService.State from, Throwable failure) {
                lastFailure = new Failure(clock.instant(), String.valueOf(failure.getMessage()));
            }
        }, MoreExecutors.directExecutor());
    }

    /**
     * Whether pulling has stopped for good: camel-google-pubsub ends its subscriber loop after a lasting error
     * (e.g. NOT_FOUND), so the newest subscriber failed and no newer one followed within {@link #STEADY}.
     */
    public boolean stopped() {
        Failure failure = lastFailure;
        Subscriber current = newest;
        return failure != null && current != null && current.state() == ApiService.State.FAILED
                && failure.at().plus(STEADY).isBefore(clock.instant());
    }

    /** {@link #problem()} for a log line. */
    public String reason() {
        return problem().orElse("no failure");
    }

    /** Why the subscription cannot be consumed now, or empty when it can (or nothing has failed). */
    public Optional<String> problem() {
        Failure failure = lastFailure;
        if (failure == null) {
            return Optional.empty();
        }
        Subscriber current = newest;
        Instant created = newestCreated;
        boolean recovered = current != null && current.state() == ApiService.State.RUNNING
                && created.isAfter(failure.at()) && !created.plus(STEADY).isAfter(clock.instant());
        return recovered ? Optional.empty()
                : Optional.of("the Pub/Sub subscriber failed at " + failure.at() + ": " + failure.reason());
    }
}
