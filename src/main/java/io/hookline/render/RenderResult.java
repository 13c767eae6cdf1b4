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

    default <U> RenderResult<U> map(Function<? super T, ? extends U> mapping) {
        return flatMap(value -> new Ok<>(mapping.apply(value)));
    }

    /** The next step, run on the value; a failure is passed on and the step never runs. */
    default <U> RenderResult<U> flatMap(Function<? super T, RenderResult<U>> next) {
        if (this instanceof Ok<T> ok) {
            return next.apply(ok.value());
        }
        return new Failed<>(((Failed<T>) this).error());
    }

    /** The value, or what {@code onFailure} makes of the error. */
    default T orElseGet(Function<RenderError, ? extends T> onFailure) {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        return onFailure.apply(((Failed<T>) this).error());
    }

    record Ok<T>(T value) implements RenderResult<T> {
    }

    record Failed<T>(RenderError error) implements RenderResult<T> {
    }
}
