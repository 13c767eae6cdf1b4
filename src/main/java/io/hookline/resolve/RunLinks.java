package io.hookline.resolve;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link every built-in message shows for a run ({@code run.url}, {@code summary.link}): the
 * URL the agent sent with the run, else {@code hookline.ui.run-url} filled in for the run, else none.
 * The template is checked when Hookline starts, so a typo fails the start, not every message.
 */
@Singleton
@Startup
public class RunLinks {

    static final List<String> PLACEHOLDERS = List.of("owner", "project", "uuid");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private final Optional<String> template;

    RunLinks(RunLinkConfig config) {
        this.template = config.runUrl().map(String::strip).filter(url -> !url.isEmpty());
        template.ifPresent(RunLinks::check);
    }

    /** The run with its link set: its own URL wins over the configured template. */
    RunFacts withUrl(RunFacts run) {
        if (run.url() != null || template.isEmpty()) {
            return run;
        }
        return run.withUrl(fill(template.get(), run));
    }

    private static String fill(String template, RunFacts run) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (placeholder.find()) {
            String value = switch (placeholder.group(1)) {
                case "owner" -> run.owner();
                case "project" -> run.projectName();
                default -> run.uuid();
            };
            placeholder.appendReplacement(url, Matcher.quoteReplacement(pathSegment(value)));
        }
        placeholder.appendTail(url);
        return url.toString();
    }

    /** A run's names go into the path as one segment each: a `/` or space in them must not change the path. */
    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void check(String template) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            if (!PLACEHOLDERS.contains(placeholder.group(1))) {
                throw new IllegalStateException("hookline.ui.run-url: unknown placeholder `{" + placeholder.group(1)
                        + "}`; use {owner}, {project} and {uuid}");
            }
        }
        String example = placeholder.replaceAll("x");
        RunUrls.problem(example).ifPresent(problem -> {
            throw new IllegalStateException("hookline.ui.run-url " + problem.replace(example, template));
        });
    }
}
