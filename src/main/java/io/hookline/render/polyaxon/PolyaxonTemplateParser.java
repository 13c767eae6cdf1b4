package io.hookline.render.polyaxon;

import io.hookline.render.polyaxon.PolyaxonExpression.And;
import io.hookline.render.polyaxon.PolyaxonExpression.Comparison;
import io.hookline.render.polyaxon.PolyaxonExpression.Literal;
import io.hookline.render.polyaxon.PolyaxonExpression.Name;
import io.hookline.render.polyaxon.PolyaxonExpression.Not;
import io.hookline.render.polyaxon.PolyaxonExpression.Or;
import io.hookline.render.polyaxon.PolyaxonTokenizer.Token;
import io.hookline.render.polyaxon.PolyaxonTokenizer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parses Polyaxon's {@code {{ ... }}} strings. Polyaxon hands them to Jinja; hooks only use the
 * part of Jinja covered here (names, literals, comparisons, {@code and/or/not}, parentheses), and
 * everything else is refused with the column so that a broken condition fails at intake, not when
 * the run ends.
 *
 * <p>One deliberate difference: a name may contain hyphens ({@code some-io-param}). Jinja reads
 * that as a subtraction, so the example in Polyaxon's own docs can never match; Hookline reads it
 * as the name, and has no arithmetic at all.
 */
final class PolyaxonTemplateParser {

    private PolyaxonTemplateParser() {
    }

    /** Text with {@code {{ ... }}} parts; unbalanced braces and {@code {% %}} statements are refused. */
    static PolyaxonTemplate parseTemplate(String text) {
        List<PolyaxonTemplate.Segment> segments = new ArrayList<>();
        int textStart = 0;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("{{", i)) {
                if (i > textStart) {
                    segments.add(new PolyaxonTemplate.Text(text.substring(textStart, i)));
                }
                int close = closingBraces(text, i + 2);
                if (close < 0 && text.indexOf("}}", i + 2) >= 0) {
                    // closed, but a string inside is not: let the tokenizer say which
                    parseExpression(text, i + 2, text.indexOf("}}", i + 2), i + 1);
                }
                if (close < 0) {
                    throw new PolyaxonSyntaxException("`{{` at column " + (i + 1) + " is never closed with `}}`");
                }
                segments.add(new PolyaxonTemplate.Expression(parseExpression(text, i + 2, close, i + 1)));
                i = close + 2;
                textStart = i;
            } else if (text.startsWith("}}", i)) {
                throw new PolyaxonSyntaxException("`}}` at column " + (i + 1) + " has no opening `{{`");
            } else if (text.startsWith("{%", i)) {
                throw new PolyaxonSyntaxException("`{%` at column " + (i + 1)
                        + " starts a Jinja statement; hooks support only `{{ ... }}` expressions");
            } else {
                i++;
            }
        }
        if (textStart < text.length()) {
            segments.add(new PolyaxonTemplate.Text(text.substring(textStart)));
        }
        return new PolyaxonTemplate(List.copyOf(segments));
    }

    /** An expression written without braces, e.g. a condition {@code loss > 0.9}. */
    static PolyaxonExpression parseBareExpression(String text) {
        return parseExpression(text, 0, text.length(), 1);
    }

    /** Index of the {@code }}} closing an expression that starts at {@code from}, skipping quoted strings. */
    private static int closingBraces(String text, int from) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (text.startsWith("}}", i)) {
                return i;
            }
        }
        return -1;
    }

    private static PolyaxonExpression parseExpression(String text, int start, int end, int braceColumn) {
        List<Token> tokens = PolyaxonTokenizer.tokenize(text, start, end);
        if (tokens.size() == 1) {
            throw new PolyaxonSyntaxException("the expression at column " + braceColumn + " is empty");
        }
        return new Parser(tokens).parseAll();
    }

    /**
     * Deepest nesting of {@code not} and parentheses accepted. Evaluation recurses once per level,
     * so an expression nested thousands deep would overflow the stack wherever it is evaluated;
     * no real condition comes near this.
     */
    static final int MAX_NESTING = 64;

    /** Recursive descent with Jinja's precedence: or < and < not < comparison. */
    private static final class Parser {
        private final List<Token> tokens;
        private int position;
        private int nesting;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        PolyaxonExpression parseAll() {
            PolyaxonExpression expression = or();
            Token next = peek();
            if (next.type() != TokenType.END) {
                throw new PolyaxonSyntaxException("unexpected " + next.describe()
                        + " after a complete expression; join conditions with `and` or `or`");
            }
            return expression;
        }

        private PolyaxonExpression or() {
            PolyaxonExpression left = and();
            while (peek().type() == TokenType.OR) {
                Token operator = take();
                left = new Or(left, operand(operator, this::and), operator.column());
            }
            return left;
        }

        private PolyaxonExpression and() {
            PolyaxonExpression left = not();
            while (peek().type() == TokenType.AND) {
                Token operator = take();
                left = new And(left, operand(operator, this::not), operator.column());
            }
            return left;
        }

        private PolyaxonExpression not() {
            if (peek().type() == TokenType.NOT) {
                Token operator = take();
                enter(operator);
                PolyaxonExpression negated = new Not(operand(operator, this::not), operator.column());
                nesting--;
                return negated;
            }
            return comparison();
        }

        private void enter(Token token) {
            if (++nesting > MAX_NESTING) {
                throw new PolyaxonSyntaxException("the expression nests `not` and parentheses more than "
                        + MAX_NESTING + " deep (at column " + token.column() + "); write it more simply");
            }
        }

        private PolyaxonExpression comparison() {
            int startColumn = peek().column();
            PolyaxonExpression left = primary();
            if (peek().type() != TokenType.COMPARISON) {
                return left;
            }
            Token operator = take();
            PolyaxonExpression right = operand(operator, this::primary);
            if (left.isLogical() || right.isLogical()) {
                throw new PolyaxonSyntaxException("the comparison `" + operator.text() + "` at column " + operator.column()
                        + " compares a parenthesised condition; compare names and values, and join conditions with `and`/`or`");
            }
            if (peek().type() == TokenType.COMPARISON) {
                throw new PolyaxonSyntaxException("chained comparison at column " + peek().column()
                        + " is not supported; write `a < b and b < c`");
            }
            String source = sourceOf(left) + " " + operator.text() + " " + sourceOf(right);
            return new Comparison(left, operator.text(), right, source, startColumn);
        }

        private PolyaxonExpression primary() {
            Token token = take();
            return switch (token.type()) {
                case NAME -> {
                    @SuppressWarnings("unchecked")
                    List<String> path = (List<String>) token.value();
                    yield new Name(path, token.column());
                }
                case LITERAL -> new Literal(token.value(), token.column());
                case OPEN -> {
                    enter(token);
                    PolyaxonExpression inner = or();
                    nesting--;
                    Token close = take();
                    if (close.type() != TokenType.CLOSE) {
                        throw new PolyaxonSyntaxException("`(` at column " + token.column()
                                + " is not closed: expected `)` but found " + close.describe());
                    }
                    yield inner;
                }
                case END -> throw new PolyaxonSyntaxException("the expression ends where a name, number or string was expected");
                default -> throw new PolyaxonSyntaxException("expected a name, number or string but found " + token.describe());
            };
        }

        /** The operand after {@code operator}; a missing one is a dangling operator. */
        private PolyaxonExpression operand(Token operator, Supplier<PolyaxonExpression> rule) {
            Token next = peek();
            if (next.type() == TokenType.END || next.type() == TokenType.CLOSE) {
                throw new PolyaxonSyntaxException("dangling operator `" + operator.text() + "` at column "
                        + operator.column() + ": nothing follows it");
            }
            if (next.type() == TokenType.COMPARISON || next.type() == TokenType.AND || next.type() == TokenType.OR) {
                throw new PolyaxonSyntaxException("operator `" + operator.text() + "` at column " + operator.column()
                        + " is followed by another operator, " + next.describe());
            }
            return rule.get();
        }

        private String sourceOf(PolyaxonExpression expression) {
            if (expression instanceof Name name) {
                return name.dotted();
            }
            if (expression instanceof Literal literal) {
                if (literal.value() == null) {
                    return "none";
                }
                return literal.value() instanceof String s ? "\"" + s + "\"" : String.valueOf(literal.value());
            }
            return "(...)";
        }

        private Token peek() {
            return tokens.get(position);
        }

        private Token take() {
            Token token = tokens.get(position);
            if (token.type() != TokenType.END) {
                position++;
            }
            return token;
        }
    }
}
