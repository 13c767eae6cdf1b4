package io.hookline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiver for delivery benchmarks: answers 200 to every POST and counts them; GET /count
 * returns the count. Runs as its own process on localhost. Usage: {@code BenchSink <port>}
 */
public final class BenchSink {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        AtomicLong received = new AtomicLong();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/count")) {
                request.response().end(Long.toString(received.get()));
                return;
            }
            request.body().onSuccess(body -> {
                received.incrementAndGet();
                request.response().setStatusCode(200).end();
            });
        }).listen(port, "127.0.0.1").onSuccess(s -> System.out.println("sink listening on " + port));
    }
}
