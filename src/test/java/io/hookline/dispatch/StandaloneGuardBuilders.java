package io.hookline.dispatch;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.faulttolerance.apiimpl.BasicCircuitBreakerMaintenanceImpl;
import io.smallrye.faulttolerance.apiimpl.BuilderEagerDependencies;
import io.smallrye.faulttolerance.apiimpl.BuilderLazyDependencies;
import io.smallrye.faulttolerance.apiimpl.TypedGuardImpl;
import io.smallrye.faulttolerance.core.event.loop.EventLoop;
import io.smallrye.faulttolerance.core.metrics.MetricsProvider;
import io.smallrye.faulttolerance.core.metrics.MetricsRecorder;
import io.smallrye.faulttolerance.core.timer.ThreadTimer;
import io.smallrye.faulttolerance.core.timer.Timer;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Guard builders without a CDI container, for plain JUnit tests. In the application SmallRye
 * finds its dependencies as CDI beans ({@code TypedGuard.create}); the standalone artifact is not
 * on this project's classpath, so these are wired here the way it wires them. Each instance has
 * its own breaker registry, so tests can reuse connection names.
 */
final class StandaloneGuardBuilders implements Supplier<TypedGuard.Builder<Uni<AttemptResult>>>, AutoCloseable {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ThreadTimer timer = new ThreadTimer(executor);
    private final BasicCircuitBreakerMaintenanceImpl breakers = new BasicCircuitBreakerMaintenanceImpl();
    private final BuilderEagerDependencies eager = () -> breakers;
    private final BuilderLazyDependencies lazy = new BuilderLazyDependencies() {
        @Override
        public boolean ftEnabled() {
            return true;
        }

        @Override
        public ExecutorService asyncExecutor() {
            return executor;
        }

        @Override
        public EventLoop eventLoop() {
            return EventLoop.get();
        }

        @Override
        public Timer timer() {
            return timer;
        }

        @Override
        public MetricsProvider metricsProvider() {
            return new MetricsProvider() {
                @Override
                public boolean isEnabled() {
                    return false;
                }

                @Override
                public MetricsRecorder create(io.smallrye.faulttolerance.core.metrics.MeteredOperation operation) {
                    return MetricsRecorder.NOOP;
                }
            };
        }
    };

    @Override
    public TypedGuard.Builder<Uni<AttemptResult>> get() {
        return new TypedGuardImpl.BuilderImpl<>(eager, () -> lazy, ConnectionGuards.GUARDED.getType());
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        executor.shutdownNow();
    }
}
