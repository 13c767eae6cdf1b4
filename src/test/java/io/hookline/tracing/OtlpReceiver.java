package io.hookline.tracing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace receiver as a collector is one (protobuf {@code ExportTraceServiceRequest}
 * POSTed to {@code /v1/traces}) on 127.0.0.1 and a free port. A request to another path or of
 * another content type is answered 404 / 415, as a collector would, and kept out of {@link #spans()}.
 */
final class OtlpReceiver implements AutoCloseable {

    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Every span exported so far. */
    List<Span> spans() {
        return List.copyOf(spans);
    }

    /** Requests that were not an OTLP/HTTP protobuf trace export, as "METHOD path content-type". */
    List<String> refused() {
        return List.copyOf(refused);
    }

    /** The URL to give the exporter as its traces endpoint. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static OtlpReceiver start() throws IOException {
        OtlpReceiver receiver = new OtlpReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        receiver.server.createContext("/", receiver::handle);
        receiver.server.start();
        return receiver;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String path = exchange.getRequestURI().getPath();
        try (InputStream body = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            byte[] bytes = body.readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !path.equals("/v1/traces")) {
                refused.add(exchange.getRequestMethod() + " " + path + " " + contentType);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"application/x-protobuf".equals(contentType)) {
                refused.add(exchange.getRequestMethod() + " " + path + " " + contentType);
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            ExportTraceServiceRequest.parseFrom(bytes).getResourceSpansList()
                    .forEach(resource -> resource.getScopeSpansList()
                            .forEach(scope -> spans.addAll(scope.getSpansList())));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
