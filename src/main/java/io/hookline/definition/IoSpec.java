package io.hookline.definition;

import io.hookline.definition.yaml.LocatedMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An input or output of a component, Polyaxon's V1IO. Polyaxon's deprecated top-level
 * {@code options} and {@code delayValidation} are read into {@link #validation}, as Polyaxon does.
 *
 * @param type       a Polyaxon IO type name ({@link IoType}), or null for any value
 * @param isOptional as written; see {@link #optional()} for what it means
 * @param value      the default value, or null
 */
public record IoSpec(String name, String type, String description, Boolean isOptional, Boolean isList,
        Boolean isFlag, String argFormat, Object value, IoValidation validation, String connection, Boolean toInit,
        String toEnv) {

    public static final List<String> FIELDS = List.of("name", "type", "description", "isOptional", "isList",
            "isFlag", "argFormat", "value", "validation", "delayValidation", "options", "connection", "toInit",
            "toEnv");
    /** Polyaxon's IO_NAME_BLACK_LIST: these names are taken by the template context. */
    public static final List<String> RESERVED_NAMES = List.of("globals", "params", "connections");

    /** As in Polyaxon, a default value makes an IO optional unless isOptional says otherwise. */
    public boolean optional() {
        return isOptional != null ? isOptional : value != null;
    }

    /**
     * True when a templated value of this IO is kept as the text it rendered, not read as a
     * literal: {@code message: '{{ loss }}'} for a {@code str} input is the text {@code 1.7}.
     */
    public boolean takesText() {
        return ioType().isText() && !Boolean.TRUE.equals(isList);
    }

    /** The IO's type, or {@link IoType#ANY} when it has none or one Hookline does not know. */
    public IoType ioType() {
        return type == null ? IoType.ANY : IoType.named(type).orElse(IoType.ANY);
    }

    /**
     * Why {@code candidate} does not fit this IO's type and validation, or empty when it does.
     * The message starts with what is wrong, e.g. "must be an integer (type `int`), found ...".
     */
    public Optional<String> problemWith(Object candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        IoType ioType = ioType();
        Object read;
        if (Boolean.TRUE.equals(isList)) {
            if (!(candidate instanceof List<?> items)) {
                return Optional.of("must be a list (isList, items of type `" + type + "`), found "
                        + LocatedMapping.describe(candidate));
            }
            List<Object> readItems = new ArrayList<>();
            for (Object item : items) {
                Optional<Object> readItem = ioType.read(item);
                if (readItem.isEmpty()) {
                    return Optional.of("must be a list whose items are each " + ioType.expected + " (type `"
                            + type + "`), found an item that is " + LocatedMapping.describe(item));
                }
                readItems.add(readItem.get());
            }
            read = readItems;
        } else {
            Optional<Object> readValue = ioType.read(candidate);
            if (readValue.isEmpty()) {
                return Optional.of("must be " + ioType.expected + " (type `" + type + "`), found "
                        + LocatedMapping.describe(candidate));
            }
            read = readValue.get();
        }
        return validation == null ? Optional.empty() : validation.problemWith(read);
    }
}
