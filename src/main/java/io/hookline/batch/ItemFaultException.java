package io.hookline.batch;

/**
 * One item of a batch cannot be processed because of what it holds (it failed to plan, say):
 * the batch is written without it.
 *
 * @see BatchFailures#isItemFault
 */
public class ItemFaultException extends RuntimeException {

    private final String field;

    /** @param field the field of the item at fault, as a caller names it; empty when not known */
    public ItemFaultException(String field, String message, Throwable cause) {
        super(message, cause, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
