package io.hookline.resolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.definition.ParamSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Polyaxon operation (V1Operation) a hook becomes when Polyaxon runs its component: the hubRef
 * as the hook wrote it (Polyaxon resolves an owner-less one in the run's organisation, so it is not
 * normalised to {@code polyaxon/...}), and the hook's params as V1Params. Unless
 * {@code disableDefaults}, Polyaxon also hands the operation the run's default params as
 * context-only ones; so does this.
 */
final class PolyaxonOperations {

    /** V1OperationBody's content is the operation as text; JSON is YAML to Polyaxon's reader. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The operation spec version Polyaxon v1 and v2 read. */
    static final double SPEC_VERSION = 1.1;

    private PolyaxonOperations() {
    }

    /**
     * @param hubRef     as the hook wrote it (rendered)
     * @param hookParams the hook's own params, rendered
     * @param merged     every param the hook's request sees: the defaults when enabled, then the hook's
     */
    static String operation(String hubRef, Map<String, ParamSpec> hookParams, Map<String, Object> merged) {
        Map<String, Object> params = new LinkedHashMap<>();
        merged.forEach((name, value) -> {
            ParamSpec own = hookParams.get(name);
            params.put(name, own == null ? contextOnly(value) : param(own));
        });
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("version", SPEC_VERSION);
        operation.put("kind", "operation");
        operation.put("hubRef", hubRef);
        if (!params.isEmpty()) {
            operation.put("params", params);
        }
        try {
            return JSON.writeValueAsString(operation);
        } catch (JsonProcessingException plainDataAlwaysWrites) {
            throw new IllegalStateException(plainDataAlwaysWrites);
        }
    }

    private static Map<String, Object> contextOnly(Object value) {
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("value", value);
        param.put("contextOnly", true);
        return param;
    }

    /** V1Param with only the fields the hook set. */
    private static Map<String, Object> param(ParamSpec spec) {
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("value", spec.value());
        if (spec.ref() != null) {
            param.put("ref", spec.ref());
        }
        if (spec.contextOnly()) {
            param.put("contextOnly", true);
        }
        if (spec.connection() != null) {
            param.put("connection", spec.connection());
        }
        if (spec.toInit()) {
            param.put("toInit", true);
        }
        if (spec.toEnv() != null) {
            param.put("toEnv", spec.toEnv());
        }
        return param;
    }
}
