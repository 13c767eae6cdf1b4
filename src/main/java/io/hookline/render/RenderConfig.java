package io.hookline.render;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the render stage ({@code hookline.render.*}). */
@ConfigMapping(prefix = "hookline.render")
public interface RenderConfig {

    /**
     * Largest rendered field (method, a header, the body) in UTF-8 bytes; a larger one fails the
     * delivery with a reason instead of sending megabytes to a chat service. Default 256 KiB.
     */
    @WithDefault("262144")
    int maxOutputBytes();

}
