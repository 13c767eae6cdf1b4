package io.hookline.render.polyaxon;

import io.hookline.render.PlainData;
import io.hookline.render.RenderError;
import io.hookline.render.polyaxon.PolyaxonExpression.And;
import io.hookline.render.polyaxon.PolyaxonExpression.Comparison;
import io.hookline.render.polyaxon.PolyaxonExpression.Literal;
import io.hookline.render.polyaxon.PolyaxonExpression.Name;
import io.hookline.render.polyaxon.PolyaxonExpression.Not;
import io.hookline.render.polyaxon.PolyaxonExpression.Or;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Translates a parsed Polyaxon template into a Qute template plus the data it reads, against one
 * run's context. Qute then does the evaluation (comparisons, {@code and/or/not}, truthiness).
 *
 * <p>What the translation takes care of, because Qute alone would get it wrong:
 * <ul>
 * <li>Names: every name the user wrote is looked up here and handed to Qute as a safe identifier
 * ({@code v0, v1, ...}), so {@code some-io-param} or {@code run.labels.my-team} never meet Qute's
 * parser, and a missing name is reported with the nearest known one.</li>
 * <li>Decimals: Qute reads {@code 0.9} as an error and needs {@code 0.9d}; Polyaxon users write
 * {@code 0.9}.</li>
 * <li>Types: Qute would compare {@code "high" > 1} by parsing the string as a number (and throw a
 * bare NumberFormatException), and {@code "1" == 1} as true; Jinja says False. Hookline refuses
 * both with a type-mismatch reason instead of guessing.</li>
 * <li>Literal text and string literals travel as data, so braces or quotes in them cannot break the
 * Qute syntax.</li>
 * </ul>
 * Every name in the expression must exist, even in a branch {@code and}/{@code or} would skip:
 * a typo in a rarely taken branch is still a typo, and Hookline reports it at the first run.
 */
final class ConditionTranslator {

    /** The Qute source and the data it reads. */
    record QuteProgram(String source, Map<String, Object> data) {
    }

    private final Map<String, ?> context;
    private final String subject;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, String> variablesByName = new HashMap<>();

    private ConditionTranslator(Map<String, ?> context, String subject) {
        this.context = context;
        this.subject = subject;
    }

    /**
     * @param subject what is being rendered, for messages: "condition" or "template"
     * @throws RenderFailure for a missing name or a type mismatch
     */
    static QuteProgram translate(PolyaxonTemplate template, Map<String, ?> context, String subject) {
        ConditionTranslator translator = new ConditionTranslator(context, subject);
        StringBuilder source = new StringBuilder();
        for (PolyaxonTemplate.Segment segment : template.segments()) {
            if (segment instanceof PolyaxonTemplate.Text text) {
                source.append('{').append(translator.constant(text.text())).append('}');
            } else {
                PolyaxonExpression expression = ((PolyaxonTemplate.Expression) segment).expression();
                if (expression.isLogical()) {
                    source.append("{#if ").append(translator.condition(expression)).append("}true{#else}false{/if}");
                } else {
                    source.append('{').append(translator.value(expression)).append('}');
                }
            }
        }
        return new QuteProgram(source.toString(), translator.data);
    }

    private String condition(PolyaxonExpression expression) {
        if (expression instanceof Name || expression instanceof Literal) {
            return operand(expression);
        }
        if (expression instanceof Not not) {
            String operand = condition(not.operand());
            return not.operand().isLogical() ? "!(" + operand + ")" : "!" + operand;
        }
        if (expression instanceof And and) {
            return "(" + condition(and.left()) + " && " + condition(and.right()) + ")";
        }
        if (expression instanceof Or or) {
            return "(" + condition(or.left()) + " || " + condition(or.right()) + ")";
        }
        Comparison comparison = (Comparison) expression;
        checkComparable(comparison);
        return "(" + operand(comparison.left()) + " " + comparison.operator() + " " + operand(comparison.right()) + ")";
    }

    /** A name or literal inside an {@code {#if}}: numbers, booleans and none as Qute literals. */
    private String operand(PolyaxonExpression expression) {
        if (expression instanceof Literal literal) {
            Object value = literal.value();
            if (value == null) {
                return "null";
            }
            if (value instanceof Boolean) {
                return value.toString();
            }
            if (value instanceof BigDecimal number) {
                return quteNumber(number);
            }
            return constant(value);
        }
        return value(expression);
    }

    /** A name or literal whose value is output or compared: a data variable. */
    private String value(PolyaxonExpression expression) {
        if (expression instanceof Literal literal) {
            return constant(literal.value());
        }
        Name name = (Name) expression;
        String variable = variablesByName.get(name.dotted());
        if (variable == null) {
            variable = "v" + data.size();
            data.put(variable, PlainData.copyOf(ContextLookup.find(context, name.path(), subject), name.dotted()));
            variablesByName.put(name.dotted(), variable);
        }
        return variable;
    }

    private String constant(Object value) {
        String variable = "c" + data.size();
        data.put(variable, value instanceof BigDecimal number ? normalized(number) : value);
        return variable;
    }

    /** Integers as Qute int or long literals, everything else with Qute's {@code d} suffix. */
    private static String quteNumber(BigDecimal number) {
        BigDecimal normalized = number.stripTrailingZeros();
        if (normalized.scale() <= 0) {
            try {
                long whole = normalized.longValueExact();
                return whole == (int) whole ? Long.toString(whole) : whole + "L";
            } catch (ArithmeticException tooLarge) {
                // beyond long: compare as a decimal
            }
        }
        return number.toPlainString() + "d";
    }

    /** A whole number as Long (so {@code {{ 3 }}} renders 3, not 3.0), others as BigDecimal. */
    private static Object normalized(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.toBigInteger().bitLength() < 63) {
            return stripped.longValueExact();
        }
        return number;
    }

    /**
     * Jinja compares only like with like ({@code "1" == 1} is False, {@code "a" < 1} raises); Hookline
     * makes both an explicit error. None may be tested for equality with anything.
     */
    private void checkComparable(Comparison comparison) {
        Object left = valueOf(comparison.left());
        Object right = valueOf(comparison.right());
        ValueKind leftKind = ValueKind.of(left);
        ValueKind rightKind = ValueKind.of(right);
        boolean equality = comparison.operator().equals("==") || comparison.operator().equals("!=");
        boolean comparable = equality
                ? leftKind == rightKind || leftKind == ValueKind.NONE || rightKind == ValueKind.NONE
                : leftKind == rightKind && (leftKind == ValueKind.NUMBER || leftKind == ValueKind.STRING);
        if (!comparable) {
            String problem = !equality && leftKind == rightKind
                    ? "values that are " + plural(leftKind) + " cannot be ordered with `" + comparison.operator() + "`"
                    : "it compares " + describe(comparison.left(), left, leftKind) + " with "
                            + describe(comparison.right(), right, rightKind);
            throw RenderFailure.of(RenderError.Kind.TYPE_MISMATCH, "type mismatch in " + subject + " `"
                    + comparison.source() + "` at column " + comparison.column() + ": " + problem);
        }
    }

    private Object valueOf(PolyaxonExpression operand) {
        if (operand instanceof Literal literal) {
            return literal.value();
        }
        // The parser lets only names and literals be compared.
        Name name = (Name) operand;
        return ContextLookup.find(context, name.path(), subject);
    }

    private static String describe(PolyaxonExpression operand, Object value, ValueKind kind) {
        String described = kind.describe(value);
        return operand instanceof Name name ? "`" + name.dotted() + "`, " + described : described;
    }

    private static String plural(ValueKind kind) {
        return switch (kind) {
            case NONE -> "none";
            case BOOLEAN -> "booleans";
            case MAP -> "maps";
            case LIST -> "lists";
            case NUMBER -> "numbers";
            case STRING -> "strings";
        };
    }
}
