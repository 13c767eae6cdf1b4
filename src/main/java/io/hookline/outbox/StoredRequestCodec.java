package io.hookline.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;

/**
 * The one JSON form of {@link StoredRequest}: {@code {"method": ..., "headers": {...}, "body": ...}}.
 * Rows written by earlier versions have exactly this form, so it must not change.
 */
@ApplicationScoped
public class StoredRequestCodec {

    private final ObjectMapper json;

    public StoredRequestCodec(ObjectMapper json) {
        this.json = json;
    }

    public String write(StoredRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws UnreadableRequestException when the stored text is not a request */
    public StoredRequest read(String stored) {
        try {
            return json.readValue(stored, StoredRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableRequestException(e.getMessage());
        }
    }

    /** A stored request that cannot be read back, e.g. a row edited by hand. */
    public static final class UnreadableRequestException extends RuntimeException {
        UnreadableRequestException(String detail) {
            super("stored request is unreadable: " + detail);
        }
    }
}
