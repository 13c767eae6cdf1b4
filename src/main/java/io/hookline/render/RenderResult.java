package io.hookline.render;

import java.util.function.Function;

/** A rendered value, or the reason it could not be rendered; rendering never throws to its caller. */
public sealed interface RenderResult<T> {

    static <T> RenderResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> RenderResult<T> failed(RenderError error) {
        return new Failed<>(error);
    }

    default <U> RenderResult<U> map(Function<T, U> mapping) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapping.apply(ok.value()));
        }
        return new Failed<>(((Failed<T>) this).error());
    }

    record Ok<T>(T value) implements RenderResult<T> {
    }

    record Failed<T>(RenderError error) implements RenderResult<T> {
    }
}
