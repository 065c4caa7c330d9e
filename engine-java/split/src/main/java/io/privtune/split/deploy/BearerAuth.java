package io.privtune.split.deploy;

import io.grpc.CallCredentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Bearer tokens per device: the cloud refuses every call whose token is missing or matches no device
 * (UNAUTHENTICATED) and runs the others with the caller's device id in the gRPC Context; the device
 * attaches its token to each call.
 */
public final class BearerAuth {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> DEVICE = Context.key("privtune-device");
    private static final String PREFIX = "Bearer ";

    private BearerAuth() {}

    /** The authenticated device making the current call (only inside a call that passed {@link #server}). */
    static String device() {
        String device = DEVICE.get();
        if (device == null) {
            throw new IllegalStateException("no authenticated device in this call");
        }
        return device;
    }

    static ServerInterceptor server(DeviceCredentials credentials) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                String found = headers.get(AUTHORIZATION);
                Optional<String> device = found == null || !found.startsWith(PREFIX)
                        ? Optional.empty()
                        : credentials.deviceFor(found.substring(PREFIX.length()));
                if (device.isEmpty()) {
                    call.close(
                            Status.UNAUTHENTICATED.withDescription(
                                    found == null ? "missing bearer token" : "wrong bearer token"),
                            new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return Contexts.interceptCall(Context.current().withValue(DEVICE, device.get()), call, headers, next);
            }
        };
    }

    public static CallCredentials client(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, PREFIX + token);
                applier.apply(headers);
            }
        };
    }
}
