package io.hookline.render;

import java.time.Duration;

/**
 * What one render may spend: loop iterations (across all loops, nested ones included) and time.
 * A loop with an empty body writes nothing, so the output bound alone never stops
 * {@code {#for i in 2000000000}{/for}}; this does, at its first iteration past the bound.
 */
final class RenderBudget {

    /** The template instance attribute under which the running render's budget is found. */
    static final String ATTRIBUTE = "hookline.render-budget";

    private final int maxIterations;
    private final Duration maxTime;
    private final long deadline;
    private int iterations;

    RenderBudget(int maxIterations, Duration maxTime) {
        this.maxIterations = maxIterations;
        this.maxTime = maxTime;
        this.deadline = System.nanoTime() + maxTime.toNanos();
    }

    /** Counts one loop iteration; throws when the render has spent its iterations or its time. */
    void iteration() {
        if (++iterations > maxIterations) {
            throw tooManyIterations();
        }
        checkTime();
    }

    /** Throws unless a loop of {@code size} more iterations fits in what is left. */
    void ensureRoomFor(long size) {
        if (size > maxIterations - iterations) {
            throw tooManyIterations();
        }
        checkTime();
    }

    private Exceeded tooManyIterations() {
        return new Exceeded("loops exceed " + maxIterations + " iterations in one render"
                + " (hookline.render.max-loop-iterations)");
    }

    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new Exceeded("rendering took longer than " + maxTime.toMillis() + "ms (hookline.render.max-render-time)");
        }
    }

    /** Thrown from inside Qute; carries a message for the user, no stack. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
