package io.folderresolver.local.pubsub;

import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** The gRPC errors the stand-in answers, worded like the real service's, and a helper for unary calls. */
final class Errors {

    private Errors() {
    }

    static StatusRuntimeException notFound(String name) {
        return Status.NOT_FOUND.withDescription("Resource not found (resource=" + name + ").").asRuntimeException();
    }

    static StatusRuntimeException alreadyExists(String name) {
        return Status.ALREADY_EXISTS.withDescription("Resource already exists in the project (resource=" + name + ").")
                .asRuntimeException();
    }

    static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException unsupported(String feature) {
        return Status.UNIMPLEMENTED.withDescription(feature + " is not supported by the local Pub/Sub stand-in")
                .asRuntimeException();
    }

    /** Answers a unary call with the result, or with the status the call threw. */
    static <T> void answer(StreamObserver<T> observer, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }
}
