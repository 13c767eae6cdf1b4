package io.hookline.status;

/** A SubscribeRequest field that cannot be served; the message starts with the field's name. */
public class InvalidSubscriptionException extends RuntimeException {

    private final String field;

    public InvalidSubscriptionException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
