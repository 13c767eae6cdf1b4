package io.hookline.render;

import io.hookline.render.polyaxon.ConditionEvaluator;
import io.hookline.render.polyaxon.TemplateStrings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The render stage's beans. The classes themselves stay plain (no CDI) so unit tests build them
 * with {@code new}; this is the only place that wires them for the application. The
 * {@link ConditionEvaluator} bean is also the {@link io.hookline.definition.ConditionChecker} spec needs.
 */
@ApplicationScoped
public class RenderProducers {

    @Produces
    @Singleton
    SandboxedTemplates sandboxedTemplates(RenderConfig config) {
        return new SandboxedTemplates(config.maxOutputBytes(), config.maxLoopIterations(), config.maxRenderTime());
    }

    @Produces
    @Singleton
    TemplateStrings templateStrings(SandboxedTemplates templates) {
        return new TemplateStrings(templates);
    }

    @Produces
    @Singleton
    ConditionEvaluator conditionEvaluator(TemplateStrings templateStrings) {
        return new ConditionEvaluator(templateStrings);
    }

    @Produces
    @Singleton
    RequestRenderer requestRenderer(SandboxedTemplates templates) {
        return new RequestRenderer(templates);
    }
}
