package io.folderresolver.resolver;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Makes every call on the Folders channel, GAX's retries included, wait for a token from the shared
 * {@link ApiRateLimiter}, and tells the limiter when the API answers RESOURCE_EXHAUSTED.
 * Only cache misses reach the client, so cache hits never wait.
 */
final class RateLimitingInterceptor implements ClientInterceptor {

    private final ApiRateLimiter limiter;

    RateLimitingInterceptor(ApiRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while waiting for the API rate limit").asRuntimeException();
        }
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> listener, Metadata headers) {
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                            limiter.slowDown();
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }
}
