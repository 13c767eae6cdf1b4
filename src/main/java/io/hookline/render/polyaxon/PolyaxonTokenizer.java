package io.hookline.render.polyaxon;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits one {@code {{ ... }}} expression into tokens for {@link PolyaxonTemplateParser};
 * {@code column}s are 1-based in the whole text. Everything hooks do not support (arithmetic,
 * {@code is}, {@code in}, {@code if}, unknown operators) is refused here, with its column.
 */
final class PolyaxonTokenizer {

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    enum TokenType { NAME, LITERAL, COMPARISON, AND, OR, NOT, OPEN, CLOSE, END }

    record Token(TokenType type, String text, Object value, int column) {
        String describe() {
            return type == TokenType.END ? "the end of the expression" : "`" + text + "` at column " + column;
        }
    }

    private final String text;
    private final int end;
    private int i;
    private final List<Token> tokens = new ArrayList<>();

    /** The tokens of {@code text} from {@code start} to {@code end}, always ending with an END token. */
    static List<Token> tokenize(String text, int start, int end) {
        return new PolyaxonTokenizer(text, start, end).tokens();
    }

    private PolyaxonTokenizer(String text, int start, int end) {
        this.text = text;
        this.i = start;
        this.end = end;
    }

    private List<Token> tokens() {
        while (true) {
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= end) {
                tokens.add(new Token(TokenType.END, "", null, end + 1));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        char c = text.charAt(i);
        int column = i + 1;
        if (c == '(' || c == ')') {
            i++;
            return new Token(c == '(' ? TokenType.OPEN : TokenType.CLOSE, String.valueOf(c), null, column);
        }
        if (c == '\'' || c == '"') {
            return string(c, column);
        }
        if (Character.isDigit(c) || (c == '.' && i + 1 < end && Character.isDigit(text.charAt(i + 1)))
                || (c == '-' && startsOperand() && i + 1 < end && (Character.isDigit(text.charAt(i + 1))
                || text.charAt(i + 1) == '.'))) {
            return number(column);
        }
        if (Character.isLetter(c) || c == '_') {
            return word(column);
        }
        if (c == '-' || c == '+' || c == '*' || c == '/' || c == '%') {
            throw new PolyaxonSyntaxException("`" + c + "` at column " + column
                    + " is arithmetic, which conditions do not support (a name may contain `-`, e.g. `some-io-param`)");
        }
        return operator(column);
    }

    /** A {@code -} starts a negative number only where an operand is expected: {@code loss > -1}. */
    private boolean startsOperand() {
        if (tokens.isEmpty()) {
            return true;
        }
        TokenType previous = tokens.get(tokens.size() - 1).type();
        return previous != TokenType.NAME && previous != TokenType.LITERAL && previous != TokenType.CLOSE;
    }

    private Token string(char quote, int column) {
        StringBuilder value = new StringBuilder();
        int from = i;
        i++;
        while (i < end) {
            char c = text.charAt(i++);
            if (c == quote) {
                return new Token(TokenType.LITERAL, text.substring(from, i), value.toString(), column);
            }
            if (c == '\\' && i < end) {
                char escaped = text.charAt(i++);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> escaped;
                });
            } else {
                value.append(c);
            }
        }
        throw new PolyaxonSyntaxException("the string starting at column " + column + " is never closed with " + quote);
    }

    private Token number(int column) {
        int from = i;
        if (text.charAt(i) == '-') {
            i++;
        }
        while (i < end && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            while (i < end && Character.isDigit(text.charAt(i))) {
                i++;
            }
        }
        while (i < end && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        String literal = text.substring(from, i);
        try {
            return new Token(TokenType.LITERAL, literal, new BigDecimal(literal), column);
        } catch (NumberFormatException e) {
            throw new PolyaxonSyntaxException("`" + literal + "` at column " + column + " is not a number");
        }
    }

    /** A dotted name whose segments may hold hyphens (not at their ends), or a keyword. */
    private Token word(int column) {
        int from = i;
        while (i < end) {
            char c = text.charAt(i);
            boolean nameChar = Character.isLetterOrDigit(c) || c == '_';
            boolean innerHyphen = c == '-' && i > from && i + 1 < end
                    && (Character.isLetterOrDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '_')
                    && text.charAt(i - 1) != '.';
            boolean dot = c == '.' && i + 1 < end
                    && (Character.isLetterOrDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '_');
            if (!(nameChar || innerHyphen || dot)) {
                break;
            }
            i++;
        }
        String word = text.substring(from, i);
        if (i < end && text.charAt(i) == '.') {
            throw new PolyaxonSyntaxException("`" + word + ".` at column " + column + " ends with a dot; a name part must follow");
        }
        return switch (word) {
            case "and" -> new Token(TokenType.AND, word, null, column);
            case "or" -> new Token(TokenType.OR, word, null, column);
            case "not" -> new Token(TokenType.NOT, word, null, column);
            case "true", "True" -> new Token(TokenType.LITERAL, word, Boolean.TRUE, column);
            case "false", "False" -> new Token(TokenType.LITERAL, word, Boolean.FALSE, column);
            case "none", "None" -> new Token(TokenType.LITERAL, word, null, column);
            case "is", "in", "if", "else" -> throw new PolyaxonSyntaxException("`" + word + "` at column " + column
                    + " is not supported in hook expressions; use ==, !=, <, <=, >, >=, and, or, not");
            default -> new Token(TokenType.NAME, word, List.of(word.split("\\.")), column);
        };
    }

    private Token operator(int column) {
        int from = i;
        while (i < end && "=!<>&|^~".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        String operator = text.substring(from, i);
        if (operator.isEmpty()) {
            throw new PolyaxonSyntaxException("unexpected `" + text.charAt(i) + "` at column " + column);
        }
        if (!COMPARISONS.contains(operator)) {
            throw new PolyaxonSyntaxException("unknown operator `" + operator + "` at column " + column
                    + "; use ==, !=, <, <=, >, >=, and, or, not");
        }
        return new Token(TokenType.COMPARISON, operator, null, column);
    }
}
