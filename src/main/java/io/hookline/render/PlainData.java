package io.hookline.render;

import java.net.URI;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Copies template data into plain data only: maps with string keys, lists, strings, numbers,
 * booleans and null. Templates therefore cannot reach a Java object at all, and a caller that
 * passes one by mistake (say, a connection holding the real secret) fails loudly here instead of
 * leaking its {@code toString()} into a request.
 */
public final class PlainData {

    private PlainData() {
    }

    public static Map<String, Object> copyOf(Map<String, ?> data) {
        return copyMap(data, "");
    }

    /**
     * {@code data} as plain data in a new top-level map the caller may add to. Nested maps and
     * lists that are plain already are shared, not copied: rendering only reads them, and copying
     * a run's facts for every request cost as much as a tenth of planning it.
     *
     * @throws IllegalArgumentException as {@link #copyOf(Object, String)}
     */
    public static Map<String, Object> of(Map<String, ?> data) {
        return isPlain(data) ? new LinkedHashMap<>(data) : copyMap(data, "");
    }

    /** True when {@code value} needs no conversion: what {@link #copyOf(Object, String)} would return unchanged or copy as is. */
    private static boolean isPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof java.math.BigDecimal
                || value instanceof java.math.BigInteger) {
            return true;
        }
        // Only the JDK's own maps and lists: any other implementation could compute what it returns.
        if (!value.getClass().getName().startsWith("java.util.")) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !isPlain(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!isPlain(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * @throws IllegalArgumentException for a value that is not plain data; that is a programming
     *                                  error of the caller, not a rendering problem
     */
    public static Object copyOf(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof java.math.BigDecimal
                || value instanceof java.math.BigInteger) {
            return value;
        }
        if (value instanceof Float || value instanceof Short || value instanceof Byte) {
            // Float through its decimal text, so 0.9f stays 0.9 and not 0.899999976...
            return value instanceof Float ? Double.valueOf(value.toString()) : ((Number) value).intValue();
        }
        if (value instanceof Map<?, ?> map) {
            return copyMap(map, path + ".");
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            int index = 0;
            for (Object item : collection) {
                copy.add(copyOf(item, path + "[" + index++ + "]"));
            }
            return copy;
        }
        if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>
                || value instanceof UUID || value instanceof TemporalAccessor || value instanceof URI) {
            return value.toString();
        }
        throw new IllegalArgumentException("template data `" + path + "` is a " + value.getClass().getName()
                + "; templates get plain data only (maps, lists, strings, numbers, booleans)");
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, String prefix) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, item) -> copy.put(String.valueOf(key), copyOf(item, prefix + key)));
        return copy;
    }
}
