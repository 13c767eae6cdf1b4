package io.hookline.render.polyaxon;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a rendered template's text as the value it spells, as Polyaxon's parser does with
 * {@code ast.literal_eval} after Jinja has rendered a param ({@code _polyaxonfile/specs/libs/parser.py}):
 * {@code 1.7} is a number, {@code [1, 2]} a list, {@code {'a': 1}} a map, and text that is no
 * literal ({@code hello}, {@code 2024-01-01}, {@code 01}) stays the text.
 *
 * <p>Jinja renders Python values ({@code True}, {@code None}, {@code ['a']}) where Hookline renders
 * JSON ({@code true}, {@code null}, {@code ["a"]}), so both spellings are literals here.
 *
 * <p>Written by hand because no Java library reads Python literals: JSON parsers refuse
 * {@code True}, {@code 'a'}, tuples and {@code 1_000}, and a YAML parser reads far more than
 * Python does ({@code yes} as true, {@code a: b} as a map). Anything this reader does not know
 * (bytes, complex numbers, sets, string concatenation) stays text, as a failed
 * {@code literal_eval} leaves it in Polyaxon.
 */
public final class PolyaxonLiteral {

    /** Python's parser gives up long before; a deeper text stays text. */
    static final int MAX_DEPTH = 64;

    // Python's grammar for numbers (docs.python.org, "Integer literals", "Floating-point literals").
    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final Pattern DECIMAL_INT = Pattern.compile("[1-9](?:_?[0-9])*|0(?:_?0)*");
    private static final Pattern PREFIXED_INT = Pattern.compile(
            "0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+");
    private static final String POINT_FLOAT = "(?:" + DIGITS + ")?\\.(?:" + DIGITS + ")|(?:" + DIGITS + ")\\.";
    private static final String EXPONENT = "[eE][+-]?(?:" + DIGITS + ")";
    private static final Pattern FLOAT = Pattern.compile(
            "(?:" + POINT_FLOAT + ")(?:" + EXPONENT + ")?|(?:" + DIGITS + ")" + EXPONENT);

    private final String text;
    private int at;

    private PolyaxonLiteral(String text) {
        this.text = text;
    }

    /** The literal {@code text} spells (String, Long, BigInteger, Double, Boolean, null, List, Map), else the text. */
    public static Object read(String text) {
        Optional<Literal> literal = parse(text);
        // Not Optional.map: a literal None is a null value, which map would take for "no literal".
        return literal.isPresent() ? literal.get().value() : text;
    }

    /** The literal, or empty when {@code text} is not one. */
    static Optional<Literal> parse(String text) {
        PolyaxonLiteral reader = new PolyaxonLiteral(text);
        try {
            // Python 3.10+ strips leading blanks before literal_eval; trailing white space never mattered.
            reader.skipBlanks();
            Object value = reader.value(0);
            reader.skipBlanks();
            return reader.at == text.length() ? Optional.of(new Literal(value)) : Optional.empty();
        } catch (NotALiteral e) {
            return Optional.empty();
        }
    }

    /** A parsed value, so that a parsed {@code None} is told apart from "not a literal". */
    record Literal(Object value) {
    }

    private Object value(int depth) throws NotALiteral {
        if (depth > MAX_DEPTH || at >= text.length()) {
            throw new NotALiteral();
        }
        char c = text.charAt(at);
        return switch (c) {
            case '[' -> items(']', depth);
            case '(' -> items(')', depth);
            case '{' -> entries(depth);
            case '\'', '"' -> string();
            default -> Character.isLetter(c) ? constant() : number();
        };
    }

    /** A list, or a tuple (read as a list); {@code (x)} without a comma is x itself, as in Python. */
    private Object items(char close, int depth) throws NotALiteral {
        at++;
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        skipBlanks();
        while (!consume(close)) {
            items.add(value(depth + 1));
            skipBlanks();
            if (consume(',')) {
                comma = true;
                skipBlanks();
            } else {
                expect(close);
                break;
            }
        }
        return close == ')' && items.size() == 1 && !comma ? items.get(0) : items;
    }

    private Map<String, Object> entries(int depth) throws NotALiteral {
        at++;
        Map<String, Object> entries = new LinkedHashMap<>();
        skipBlanks();
        while (!consume('}')) {
            Object key = value(depth + 1);
            if (key instanceof List<?> || key instanceof Map<?, ?>) {
                throw new NotALiteral(); // unhashable in Python
            }
            skipBlanks();
            expect(':');
            skipBlanks();
            entries.put(String.valueOf(key), value(depth + 1));
            skipBlanks();
            if (consume(',')) {
                skipBlanks();
            } else {
                expect('}');
                break;
            }
        }
        return entries;
    }

    private String string() throws NotALiteral {
        char quote = text.charAt(at++);
        if (text.startsWith(String.valueOf(quote).repeat(2), at)) {
            throw new NotALiteral(); // a triple-quoted string
        }
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\n') {
                throw new NotALiteral();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw new NotALiteral();
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case '\\', '\'', '"', '/' -> value.append(escaped);
                case 'u' -> value.append(hex(4));
                default -> throw new NotALiteral();
            }
        }
        throw new NotALiteral();
    }

    private char hex(int digits) throws NotALiteral {
        if (at + digits > text.length()) {
            throw new NotALiteral();
        }
        try {
            char c = (char) Integer.parseInt(text.substring(at, at + digits), 16);
            at += digits;
            return c;
        } catch (NumberFormatException e) {
            throw new NotALiteral();
        }
    }

    private Object constant() throws NotALiteral {
        int start = at;
        while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
            at++;
        }
        return switch (text.substring(start, at)) {
            case "True", "true" -> true;
            case "False", "false" -> false;
            case "None", "null" -> null;
            default -> throw new NotALiteral();
        };
    }

    /** Python's int and float literals, with an optional sign: {@code -3}, {@code 1_000}, {@code 0x1F}, {@code .5}, {@code 1e3}. */
    private Object number() throws NotALiteral {
        boolean negative = false;
        if (text.charAt(at) == '+' || text.charAt(at) == '-') {
            negative = text.charAt(at) == '-';
            at++;
            skipBlanks();
        }
        int start = at;
        while (at < text.length() && isNumberChar(text.charAt(at), at > start ? text.charAt(at - 1) : ' ')) {
            at++;
        }
        Object value = number(text.substring(start, at));
        if (!negative) {
            return value;
        }
        return value instanceof Double d ? -d : value instanceof Long l ? (Object) (-l) : ((BigInteger) value).negate();
    }

    private static boolean isNumberChar(char c, char previous) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.'
                || (c == '+' || c == '-') && (previous == 'e' || previous == 'E');
    }

    private static Object number(String literal) throws NotALiteral {
        String digits = literal.replace("_", "");
        if (DECIMAL_INT.matcher(literal).matches()) {
            return integer(digits, 10);
        }
        if (PREFIXED_INT.matcher(literal).matches()) {
            char base = Character.toLowerCase(digits.charAt(1));
            return integer(digits.substring(2), base == 'x' ? 16 : base == 'o' ? 8 : 2);
        }
        if (FLOAT.matcher(literal).matches()) {
            double value = Double.parseDouble(digits);
            // 1e999 is inf to Python; JSON has no infinity, so it stays text.
            if (Double.isInfinite(value)) {
                throw new NotALiteral();
            }
            return value;
        }
        throw new NotALiteral(); // 01, 1j, 1-2, a name
    }

    private static Object integer(String digits, int radix) {
        BigInteger value = new BigInteger(digits, radix);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private void skipBlanks() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private boolean consume(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws NotALiteral {
        if (!consume(c)) {
            throw new NotALiteral();
        }
    }

    /** The text is not a literal: it stays text. Control flow only, so it carries no stack trace. */
    private static final class NotALiteral extends Exception {
        NotALiteral() {
            super(null, null, false, false);
        }
    }
}
