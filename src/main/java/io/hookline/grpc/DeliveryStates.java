package io.hookline.grpc;

import io.hookline.outbox.DeliveryState;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one mapping between the outbox's delivery states and the API's. The API's names carry the
 * {@code DELIVERY_STATE_} prefix that buf lint asks for; otherwise they are the same set, which
 * the mapping checks when the class loads.
 */
public final class DeliveryStates {

    private static final String PREFIX = "DELIVERY_STATE_";
    private static final Map<DeliveryState, io.hookline.api.v1.DeliveryState> TO_API = new EnumMap<>(DeliveryState.class);
    private static final Map<io.hookline.api.v1.DeliveryState, DeliveryState> FROM_API =
            new EnumMap<>(io.hookline.api.v1.DeliveryState.class);

    static {
        for (DeliveryState state : DeliveryState.values()) {
            io.hookline.api.v1.DeliveryState api = io.hookline.api.v1.DeliveryState.valueOf(PREFIX + state.name());
            TO_API.put(state, api);
            FROM_API.put(api, state);
        }
    }

    private DeliveryStates() {
    }

    public static io.hookline.api.v1.DeliveryState toApi(DeliveryState state) {
        return TO_API.get(state);
    }

    /** Empty for UNSPECIFIED and for values this server does not know. */
    public static Optional<DeliveryState> fromApi(io.hookline.api.v1.DeliveryState state) {
        return Optional.ofNullable(FROM_API.get(state));
    }
}
