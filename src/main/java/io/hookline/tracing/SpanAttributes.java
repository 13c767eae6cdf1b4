package io.hookline.tracing;

import io.opentelemetry.api.common.AttributeKey;

/** Hookline's span attributes, named as its log fields and API fields are. */
final class SpanAttributes {

    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("hookline.event_id");
    static final AttributeKey<String> RUN_UUID = AttributeKey.stringKey("hookline.run_uuid");
    static final AttributeKey<String> PROJECT = AttributeKey.stringKey("hookline.project");
    static final AttributeKey<String> RESULT = AttributeKey.stringKey("hookline.result");
    static final AttributeKey<Long> HOOKS = AttributeKey.longKey("hookline.hooks");
    static final AttributeKey<String> DELIVERY_ID = AttributeKey.stringKey("hookline.delivery_id");
    static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("hookline.connection");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("hookline.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("hookline.outcome");

    private SpanAttributes() {
    }
}
