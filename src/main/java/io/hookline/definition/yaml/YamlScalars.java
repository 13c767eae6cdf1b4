package io.hookline.definition.yaml;

import java.math.BigInteger;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The plain Java value of a YAML scalar, from the YAML 1.1 tag SnakeYAML resolved for it, converted
 * as jackson-dataformat-yaml (Hookline's earlier reader) converted it, so that documents keep their
 * meaning: {@code 1:20} (a base-60 int to YAML 1.1) stays a string, {@code 0x1F} and {@code 012} are
 * numbers, and a timestamp is its text. {@code .inf} and {@code .nan} are refused as before; a
 * number is compared and rendered, and JSON has no infinity.
 */
final class YamlScalars {

    /** Jackson's {@code StreamReadConstraints} default: parsing a longer number costs too much. */
    static final int MAX_NUMBER_LENGTH = 1000;

    private YamlScalars() {
    }

    /** String, Long, BigInteger, Double, Boolean or null. */
    static Object value(ScalarNode node) throws LocatedNode.SyntaxError {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            Boolean bool = bool(text);
            return bool == null ? text : bool;
        }
        if (text.isEmpty() || !Tag.INT.equals(tag) && !Tag.FLOAT.equals(tag)) {
            return text;
        }
        if (text.length() > MAX_NUMBER_LENGTH) {
            throw new LocatedNode.SyntaxError("is refused: a number of more than " + MAX_NUMBER_LENGTH
                    + " characters", YamlTreeReader.position(node.getStartMark()));
        }
        return Tag.INT.equals(tag) ? integer(text) : decimal(text, node.getEndMark());
    }

    private static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "y" -> true;
            case "false", "no", "off", "n" -> false;
            default -> null;
        };
    }

    private static Object integer(String text) {
        boolean negative = text.startsWith("-");
        String digits = (negative || text.startsWith("+") ? text.substring(1) : text).replace("_", "");
        int radix = 10;
        String prefix = digits.length() > 1 ? digits.substring(0, 2).toLowerCase(Locale.ROOT) : "";
        if (prefix.equals("0b") || prefix.equals("0x")) {
            radix = prefix.equals("0b") ? 2 : 16;
            digits = digits.substring(2);
        } else if (prefix.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        try {
            BigInteger value = new BigInteger(digits, radix);
            value = negative ? value.negate() : value;
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        } catch (NumberFormatException notAnInteger) {
            // Base 60 (1:20) and explicitly tagged non-numbers (!!int abc) stay text.
            return text;
        }
    }

    private static Double decimal(String text, Mark end) throws LocatedNode.SyntaxError {
        String cleaned = text.indexOf('_') < 0 ? text : text.replaceFirst("^\\+", "").replace("_", "");
        try {
            return Double.parseDouble(cleaned);
        } catch (NumberFormatException e) {
            throw new LocatedNode.SyntaxError("is not valid YAML or JSON: Malformed numeric value '" + text + "'",
                    YamlTreeReader.position(end));
        }
    }
}
