package io.hookline.definition;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a preset is merged into what it applies to (Polyaxon's V1PatchStrategy). */
public enum PatchStrategy {
    /** The preset's value replaces the current one. */
    REPLACE("replace"),
    /** The preset's value is used only where the current one is not set. */
    ISNULL("isnull"),
    /** Lists: current + new items not present; maps merge deeply; scalars: the preset wins. */
    POST_MERGE("post_merge"),
    /** Lists: new + current; maps merge deeply; scalars: the current value wins. */
    PRE_MERGE("pre_merge");

    public final String wireName;

    PatchStrategy(String wireName) {
        this.wireName = wireName;
    }

    public static Optional<PatchStrategy> named(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(s -> s.wireName).toList();
    }
}
