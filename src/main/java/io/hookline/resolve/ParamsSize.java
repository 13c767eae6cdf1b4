package io.hookline.resolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.definition.ParamSpec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** How large a hook's params are: the bytes of the params written as JSON, the form templates mostly send them in. */
final class ParamsSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ParamsSize() {
    }

    static int jsonBytes(Map<String, ParamSpec> params) {
        if (params.isEmpty()) {
            return 0;
        }
        Map<String, Object> written = new LinkedHashMap<>();
        params.forEach((name, param) -> written.put(name, param.ref() == null ? param.value()
                : Map.of("ref", param.ref(), "value", String.valueOf(param.value()))));
        try {
            return JSON.writeValueAsBytes(written).length;
        } catch (JsonProcessingException notPlainData) {
            // A value Jackson cannot write is not one a template sends as JSON: weigh its text.
            return written.toString().getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
