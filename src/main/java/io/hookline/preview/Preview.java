package io.hookline.preview;

import io.hookline.definition.Violation;
import io.hookline.render.MaskedRequests.MaskedRequest;
import io.hookline.resolve.HookPlan;

import java.util.List;

/**
 * What Preview shows: why the event would be refused, or what each hook would do.
 *
 * @param errorCode      null unless the event would be rejected
 * @param previousStatus the run name's previous final status in the project; null when none
 */
public record Preview(String errorCode, List<Violation> violations, String previousStatus, List<PreviewedHook> hooks) {

    /** One hook's plan and, when it would be sent, the request as a caller may see it. */
    public record PreviewedHook(HookPlan plan, MaskedRequest request) {
    }

    static Preview refused(String code, List<Violation> violations) {
        return new Preview(code, violations, null, List.of());
    }
}
