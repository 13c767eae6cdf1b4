package io.hookline.render;

import io.quarkus.qute.Expression;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.ResolutionContext;
import io.quarkus.qute.ResultNode;
import io.quarkus.qute.Scope;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionHelper;
import io.quarkus.qute.SectionHelper.SectionResolutionContext;
import io.quarkus.qute.SectionHelperFactory;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Qute's {@code {#for}} / {@code {#each}}, each iteration charged to the running render's
 * {@link RenderBudget}. Qute's loop allocates a result slot per element before it starts
 * ({@code {#for i in 2000000000}} asks for an array of two billion), so the size of what it
 * iterates is checked against the budget first; then each run of the body (Qute runs it through
 * {@link SectionResolutionContext#execute(ResolutionContext)}) is counted.
 */
final class BoundedLoops implements SectionHelperFactory<SectionHelper> {

    private final LoopSectionHelper.Factory loops = new LoopSectionHelper.Factory();

    @Override
    public List<String> getDefaultAliases() {
        return loops.getDefaultAliases();
    }

    @Override
    public ParametersInfo getParameters() {
        return loops.getParameters();
    }

    @Override
    public List<String> getBlockLabels() {
        return loops.getBlockLabels();
    }

    @Override
    public Scope initializeBlock(Scope previousScope, BlockInfo block) {
        return loops.initializeBlock(previousScope, block);
    }

    @Override
    public SectionHelper initialize(SectionInitContext context) {
        LoopSectionHelper loop = loops.initialize(context);
        Expression iterable = context.getExpression(ITERABLE);
        return section -> section.resolutionContext().evaluate(iterable).thenCompose(value -> {
            if (section.resolutionContext().getAttribute(RenderBudget.ATTRIBUTE) instanceof RenderBudget budget) {
                budget.ensureRoomFor(size(value));
            }
            return loop.resolve(new Counted(section));
        });
    }

    /** The parameter under which Qute's loop factory keeps the expression it iterates. */
    private static final String ITERABLE = "iterable";

    /** How many times Qute's loop would run its body over {@code value}, as its own extractSize counts. */
    private static long size(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value != null && value.getClass().isArray()) {
            return Array.getLength(value);
        }
        return 0;
    }

    private static void charge(ResolutionContext context) {
        if (context.getAttribute(RenderBudget.ATTRIBUTE) instanceof RenderBudget budget) {
            budget.iteration();
        }
    }

    /** The loop's view of its section, counting each execution of the body. */
    private record Counted(SectionResolutionContext section) implements SectionResolutionContext {

        @Override
        public CompletionStage<Map<String, Object>> evaluate(Map<String, Expression> parameters) {
            return section.evaluate(parameters);
        }

        @Override
        public CompletionStage<Object> evaluate(Expression expression) {
            return section.evaluate(expression);
        }

        @Override
        public ResolutionContext resolutionContext() {
            return section.resolutionContext();
        }

        @Override
        public ResolutionContext newResolutionContext(Object data, Map<String, SectionBlock> extendingBlocks) {
            return section.newResolutionContext(data, extendingBlocks);
        }

        @Override
        public CompletionStage<ResultNode> execute() {
            charge(section.resolutionContext());
            return section.execute();
        }

        @Override
        public CompletionStage<ResultNode> execute(ResolutionContext context) {
            charge(context);
            return section.execute(context);
        }

        @Override
        public CompletionStage<ResultNode> execute(SectionBlock block, ResolutionContext context) {
            charge(context);
            return section.execute(block, context);
        }

        @Override
        public Map<String, Object> getParameters() {
            return section.getParameters();
        }
    }
}
