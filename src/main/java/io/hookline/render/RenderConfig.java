package io.hookline.render;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

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
     * Base URL of the Polyaxon UI ({@code https://polyaxon.example.com}); when set, the built-in
     * components link to the run at {@code <url>/ui/<owner>/<project>/runs/<uuid>}, as Polyaxon's
     * own notifiers do. Unset: no link.
     */
    Optional<String> polyaxonUrl();
}
