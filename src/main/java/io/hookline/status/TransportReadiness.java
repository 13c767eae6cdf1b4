package io.hookline.status;

/**
 * Whether the subscriber's connection takes more messages now. The gRPC server stub requests
 * every item of a stream at once, so without this a client that stops reading would pile
 * messages up in the transport instead of in the subscriber's bounded buffer.
 */
public interface TransportReadiness {

    /** For callers outside a gRPC call (and tests of the stream itself): always ready. */
    TransportReadiness ALWAYS = new TransportReadiness() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void whenReady(Runnable onReady) {
        }
    };

    boolean isReady();

    /** Runs {@code onReady} each time the transport becomes ready again after it was not. */
    void whenReady(Runnable onReady);
}
