package io.hookline.render.polyaxon;

/** A Polyaxon expression or template that does not parse; the message names the column. */
final class PolyaxonSyntaxException extends RuntimeException {

    PolyaxonSyntaxException(String message) {
        super(message, null, false, false);
    }
}
