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
