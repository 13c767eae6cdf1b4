package io.hookline.batch;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The arguments of one batched statement over {@code unnest($1::uuid[], $2::text[], ...)}: one
 * array per column, in the order the columns are added, each holding that column of every row.
 *
 * <p>An unnest array of text cannot tell SQL NULL from a missing value reliably across drivers,
 * so optional text and times travel as {@code ''} and the statement reads them back with
 * {@code NULLIF(x, '')} (and {@code ::timestamptz} for times).
 */
public final class UnnestColumns<T> {

    private final List<T> rows;
    private final Tuple arguments = Tuple.tuple();

    private UnnestColumns(List<T> rows) {
        this.rows = rows;
    }

    public static <T> UnnestColumns<T> of(List<T> rows) {
        return new UnnestColumns<>(rows);
    }

    public UnnestColumns<T> uuid(Function<T, UUID> column) {
        return add(column, UUID[]::new);
    }

    public UnnestColumns<T> bigint(Function<T, Long> column) {
        return add(column, Long[]::new);
    }

    public UnnestColumns<T> integer(Function<T, Integer> column) {
        return add(column, Integer[]::new);
    }

    public UnnestColumns<T> bool(Function<T, Boolean> column) {
        return add(column, Boolean[]::new);
    }

    public UnnestColumns<T> text(Function<T, String> column) {
        return add(column, String[]::new);
    }

    /** Text that may be null, sent as {@code ''}: read it with {@code NULLIF(x, '')}. */
    public UnnestColumns<T> optionalText(Function<T, String> column) {
        return add(row -> orEmpty(column.apply(row)), String[]::new);
    }

    /** A time that may be null, sent as ISO text or {@code ''}: read it with {@code NULLIF(x, '')::timestamptz}. */
    public UnnestColumns<T> optionalTime(Function<T, Temporal> column) {
        return add(row -> {
            Temporal time = column.apply(row);
            return time == null ? "" : time.toString();
        }, String[]::new);
    }

    public UnnestColumns<T> bytea(Function<T, byte[]> column) {
        return add(row -> Buffer.buffer(column.apply(row)), Buffer[]::new);
    }

    /** The arrays, one argument per column. */
    public Tuple tuple() {
        return arguments;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private <V> UnnestColumns<T> add(Function<T, V> column, IntFunction<V[]> array) {
        V[] values = array.apply(rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        arguments.addValue(values);
        return this;
    }
}
