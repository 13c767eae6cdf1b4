package io.hookline.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CompletedStage;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.ValueResolver;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The only functions Hookline adds to Qute, all pure functions of plain data:
 * <ul>
 * <li>{@code {x.json}}: {@code x} as a JSON value (strings quoted and escaped, maps and lists as
 * JSON, null as {@code null}), so a JSON body stays valid whatever the run's data holds;</li>
 * <li>{@code {x.jsonEscaped}}: {@code x}'s text escaped to sit inside a JSON string literal, for
 * composing one string from several values ({@code "{name.jsonEscaped} ({uuid.jsonEscaped})"});</li>
 * <li>{@code {x.truncate(n)}}: {@code x}'s text cut to at most {@code n} characters (never inside a
 * surrogate pair), ending with {@code …} when cut; for services with length limits (Discord).</li>
 * </ul>
 * A map or list written directly ({@code {run.inputs}}) renders as JSON, not as Java's
 * {@code {a=1}}.
 */
public final class TemplateValueResolvers {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELLIPSIS = "…";

    private TemplateValueResolvers() {
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Plain data (PlainData) always serialises; reaching this is a bug, not a user error.
            throw new IllegalStateException("plain data did not serialise to JSON", e);
        }
    }

    /** The text a value shows in a template: maps and lists as JSON, null as nothing. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map || value instanceof Collection) {
            return toJson(value);
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    static ValueResolver json() {
        return new NamedResolver("json", 0) {
            @Override
            public CompletionStage<Object> resolve(EvalContext context) {
                return CompletedStage.of(new RawString(toJson(context.getBase())));
            }
        };
    }

    static ValueResolver jsonEscaped() {
        return new NamedResolver("jsonEscaped", 0) {
            @Override
            public CompletionStage<Object> resolve(EvalContext context) {
                String quoted = toJson(text(context.getBase()));
                return CompletedStage.of(new RawString(quoted.substring(1, quoted.length() - 1)));
            }
        };
    }

    static ValueResolver truncate() {
        return new NamedResolver("truncate", 1) {
            @Override
            public CompletionStage<Object> resolve(EvalContext context) {
                String text = text(context.getBase());
                return context.evaluate(context.getParams().get(0)).thenApply(limit -> {
                    if (!(limit instanceof Number number) || number.intValue() < 1) {
                        throw new IllegalArgumentException("truncate(n) needs a positive whole number, got " + limit);
                    }
                    return cut(text, number.intValue());
                });
            }
        };
    }

    public static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, Math.max(end, 0)) + ELLIPSIS;
    }

    static ResultMapper mapsAndListsAsJson() {
        return new ResultMapper() {
            @Override
            public boolean appliesTo(TemplateNode.Origin origin, Object result) {
                return result instanceof Map || result instanceof Collection;
            }

            @Override
            public String map(Object result, io.quarkus.qute.Expression expression) {
                return toJson(result);
            }
        };
    }

    /** A virtual property or method of any value, null included. */
    private abstract static class NamedResolver implements ValueResolver {
        private final String name;
        private final int parameters;

        NamedResolver(String name, int parameters) {
            this.name = name;
            this.parameters = parameters;
        }

        @Override
        public boolean appliesTo(EvalContext context) {
            return name.equals(context.getName()) && context.getParams().size() == parameters
                    && !io.quarkus.qute.Results.isNotFound(context.getBase());
        }
    }
}
