package io.hookline.resolve;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Links to where people see runs ({@code hookline.ui.*}). */
@ConfigMapping(prefix = "hookline.ui")
public interface RunLinkConfig {

    /**
     * The link of a run whose agent sent no {@code run.url}: an absolute http(s) URL in which
     * {@code {owner}}, {@code {project}} (the project's name without its owner) and {@code {uuid}}
     * are replaced, e.g. {@code https://polyaxon.example.com/ui/{owner}/{project}/runs/{uuid}} as
     * Polyaxon's own notifiers link runs. Unset: only runs whose agent sends a URL have a link.
     */
    Optional<String> runUrl();
}
