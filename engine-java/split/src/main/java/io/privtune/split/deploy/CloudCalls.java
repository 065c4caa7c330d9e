package io.privtune.split.deploy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** How every cloud service answers a call: our refusals keep their status, counted per method and code. */
final class CloudCalls {
    interface Call<T> {
        T run();
    }

    private CloudCalls() {}

    /** Runs a call; an IllegalArgumentException becomes INVALID_ARGUMENT, anything else unexpected INTERNAL with its message (never a stack trace). */
    static <T> void respond(CloudMetrics metrics, String method, StreamObserver<T> reply, Call<T> call) {
        T value;
        try {
            value = call.run();
        } catch (StatusRuntimeException e) {
            refuse(metrics, method, reply, e);
            return;
        } catch (IllegalArgumentException e) {
            refuse(
                    metrics,
                    method,
                    reply,
                    Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            refuse(
                    metrics,
                    method,
                    reply,
                    Status.INTERNAL
                            .withDescription(e.getClass().getSimpleName() + ": " + e.getMessage())
                            .asRuntimeException());
            return;
        }
        reply.onNext(value);
        reply.onCompleted();
    }

    private static void refuse(CloudMetrics metrics, String method, StreamObserver<?> reply, StatusRuntimeException e) {
        metrics.refused(method, e.getStatus().getCode());
        reply.onError(e);
    }
}
