package io.hookline.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends the suite's admin token (the test profile's hookline.auth.bootstrap-token) on every
 * {@code @GrpcClient} call, so the suite runs with authentication on as users do. A call that
 * already carries an authorization header (a test of another token) keeps its own.
 */
@GlobalInterceptor
@ApplicationScoped
public class TestToken implements ClientInterceptor {

    /** The test profile's bootstrap token. */
    public static final String ADMIN = "hl_test-admin-token-for-the-suite-only";
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String token;

    public TestToken() {
        this(ADMIN);
    }

    private TestToken(String token) {
        this.token = token;
    }

    /** For channels a test builds itself. */
    public static ClientInterceptor bearer(String token) {
        return new TestToken(token);
    }

    /** The admin token, for channels a test builds itself. */
    public static ClientInterceptor admin() {
        return new TestToken(ADMIN);
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method, CallOptions options,
                                                               Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                if (!headers.containsKey(AUTHORIZATION)) {
                    headers.put(AUTHORIZATION, "Bearer " + token);
                }
                super.start(listener, headers);
            }
        };
    }
}
