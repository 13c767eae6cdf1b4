package io.hookline.definition;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A component reference, {@code owner/name:tag}. Written as Polyaxon accepts it: {@code owner/name:tag},
 * {@code owner.name:tag}, {@code name:tag} or {@code name}; no owner means {@code polyaxon} (Polyaxon's
 * public hub) and no or an empty tag means {@code latest}.
 */
public record HubRef(String owner, String name, String tag) {

    public static final String DEFAULT_OWNER = "polyaxon";
    public static final String DEFAULT_TAG = "latest";
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public HubRef {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tag, "tag");
    }

    /** True for a valid owner or component name: letters, digits, `-` and `_`, not starting with `-`/`_`. */
    public static boolean isValidName(String part) {
        return part != null && SLUG.matcher(part).matches();
    }

    /** True for a valid tag: like a name, dots allowed ({@code v1.2}). */
    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** Parses a hubRef; throws {@link IllegalArgumentException} with {@link #problem} as message. */
    public static HubRef parse(String raw) {
        Optional<String> problem = problem(raw);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        String[] nameAndTag = raw.split(":", -1);
        String tag = nameAndTag.length == 2 && !nameAndTag[1].isEmpty() ? nameAndTag[1] : DEFAULT_TAG;
        String[] ownerAndName = nameAndTag[0].split("[/.]", -1);
        return ownerAndName.length == 2
                ? new HubRef(ownerAndName[0], ownerAndName[1], tag)
                : new HubRef(DEFAULT_OWNER, ownerAndName[0], tag);
    }

    /** Why {@code raw} is not a valid hubRef, or empty when it is. */
    public static Optional<String> problem(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.of("hubRef is required: name the component to run, e.g. `slack` or `my-org/my-hook:v1`");
        }
        String[] nameAndTag = raw.split(":", -1);
        if (nameAndTag.length > 2) {
            return invalid(raw, "it has more than one `:`");
        }
        String[] ownerAndName = nameAndTag[0].split("[/.]", -1);
        if (ownerAndName.length > 2) {
            return invalid(raw, "it has more than one `/` or `.` between owner and name");
        }
        for (int i = 0; i < ownerAndName.length; i++) {
            String part = ownerAndName[i];
            if (!SLUG.matcher(part).matches()) {
                String role = ownerAndName.length == 2 && i == 0 ? " owner" : " name";
                return invalid(raw, (part.isEmpty() ? "an empty" : "`" + part + "` is not a valid") + role
                        + " (letters, digits, `-`, `_`)");
            }
        }
        if (nameAndTag.length == 2 && !nameAndTag[1].isEmpty() && !TAG.matcher(nameAndTag[1]).matches()) {
            return invalid(raw, "`" + nameAndTag[1] + "` is not a valid tag (letters, digits, `.`, `-`, `_`)");
        }
        return Optional.empty();
    }

    private static Optional<String> invalid(String raw, String why) {
        return Optional.of("hubRef `" + raw + "` is not a valid component reference: " + why
                + "; write `name`, `name:tag` or `owner/name:tag`");
    }

    @Override
    public String toString() {
        return owner + "/" + name + ":" + tag;
    }
}
