package io.hookline.render;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the render stage ({@code hookline.render.*}). */
@ConfigMapping(prefix = "hookline.render")
public interface RenderConfig {

    /**
     * Largest rendered field (method, a header, the body) in UTF-8 bytes; a larger one fails the
     * delivery with a reason instead of sending megabytes to a chat service. Default 256 KiB.
     */
    @WithDefault("262144")
    int maxOutputBytes();

    /**
     * Loop iterations one rendered field may run, across all its loops (nested ones multiply);
     * past it the delivery fails with a reason. A loop that writes nothing never reaches the output
     * bound, so this is what stops {@code {#for i in 2000000000}{/for}}.
     */
    @WithDefault("10000")
    int maxLoopIterations();

    /** Time one rendered field may take; past it the delivery fails with a reason. */
    @WithDefault("1s")
    Duration maxRenderTime();
}
