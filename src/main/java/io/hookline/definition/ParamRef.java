package io.hookline.definition;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A param's {@code ref} and the {@code value} it reads, as Polyaxon writes them
 * ({@code polyaxon/_contexts/refs.py}, {@code _flow/params/params.py}): {@code runs.<uuid>} (a run),
 * {@code ops.<name>} (an operation of the same pipeline) or {@code dag} (the pipeline run), and a
 * value such as {@code outputs.loss}, {@code inputs}, {@code globals.status}, bare or written as
 * {@code '{{ outputs.loss }}'}.
 *
 * @param id the run's uuid, the operation's name; empty for {@code dag}
 */
public record ParamRef(Kind kind, String id) {

    public enum Kind { RUN, OPERATION, DAG }

    // Polyaxon strips one {{ }} around a ref's value (PARAM_REGEX) instead of rendering it: the
    // value names what to read from the other run, not something of this run.
    private static final Pattern WRAPPED = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");

    /** What a value may read on its own (a whole section) and with a name after a dot. */
    private static final Set<String> WHOLE = Set.of("inputs", "outputs", "io", "status");
    private static final Set<String> NAMED = Set.of("inputs", "outputs", "globals");

    /** Why the text is not a ref Polyaxon knows; empty when it is one. */
    public static Optional<String> problem(String ref) {
        String text = ref.strip();
        if (text.equals("dag")) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        String kind = dot < 0 ? text : text.substring(0, dot);
        String id = dot < 0 ? "" : text.substring(dot + 1);
        if (!kind.equals("runs") && !kind.equals("ops")) {
            return Optional.of("`" + ref + "` is not a ref Polyaxon knows: write runs.<uuid>, ops.<name> or dag");
        }
        if (id.isBlank()) {
            return Optional.of("`" + ref + "` names no " + (kind.equals("runs") ? "run: write runs.<uuid>"
                    : "operation: write ops.<name>"));
        }
        if (kind.equals("ops") && id.contains(".")) {
            return Optional.of("`" + ref + "`: an operation's name has no `.`; write ops.<name> and put what to read"
                    + " in value (e.g. outputs.loss)");
        }
        return Optional.empty();
    }

    /** A ref that has no {@link #problem}. */
    public static ParamRef parse(String ref) {
        String text = ref.strip();
        if (text.equals("dag")) {
            return new ParamRef(Kind.DAG, "");
        }
        int dot = text.indexOf('.');
        return new ParamRef(text.startsWith("runs.") ? Kind.RUN : Kind.OPERATION, text.substring(dot + 1).strip());
    }

    /** The value without one {@code {{ }}} around it, as Polyaxon reads a ref's value. */
    public static String unwrap(String value) {
        Matcher wrapped = WRAPPED.matcher(value.strip());
        return wrapped.matches() ? wrapped.group(1) : value.strip();
    }

    /**
     * Why the (unwrapped) value does not say what to read; empty when it does. Hookline stores no
     * artifacts, so {@code artifacts.*} is refused here rather than read as nothing.
     */
    public static Optional<String> valueProblem(String value) {
        String text = unwrap(value);
        int dot = text.indexOf('.');
        String section = dot < 0 ? text : text.substring(0, dot);
        String name = dot < 0 ? "" : text.substring(dot + 1);
        if (section.equals("artifacts")) {
            return Optional.of("`" + value + "`: Hookline keeps no artifacts of a run; read outputs.<name>,"
                    + " inputs.<name> or globals.<name>");
        }
        boolean known = name.isEmpty() ? WHOLE.contains(section) : NAMED.contains(section) && !name.isBlank();
        return known ? Optional.empty() : Optional.of("`" + value + "` does not say what to read: write outputs.<name>,"
                + " inputs.<name>, globals.<name>, outputs, inputs, io or status");
    }
}
