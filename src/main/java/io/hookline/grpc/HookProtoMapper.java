package io.hookline.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.hookline.api.v1.Hook;
import io.hookline.api.v1.Param;
import io.hookline.definition.HookRules;
import io.hookline.definition.HookSpec;
import io.hookline.definition.ParamSpec;
import io.hookline.definition.ParseResult;
import io.hookline.definition.yaml.SourcePositions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns gRPC {@link Hook} messages into {@link HookSpec}s, so structured hooks and hooks_yaml go
 * through the same rules and read the same errors. Proto3 cannot tell an unset string from an empty
 * one, so an empty string is "not set", like a missing YAML key.
 */
public final class HookProtoMapper {

    /** Doubles beyond this are not exact integers; a Struct number that is whole and smaller reads as a Long. */
    private static final double LARGEST_EXACT_INTEGER = 9.007199254740992E15;

    private HookProtoMapper() {
    }

    /** The hooks with the violations of {@link HookRules}, at {@code pathPrefix[i]...}, line and column 0. */
    public static ParseResult<List<HookSpec>> toSpecs(List<Hook> hooks, String pathPrefix) {
        List<HookSpec> specs = hooks.stream().map(HookProtoMapper::toSpec).toList();
        return new ParseResult<>(specs, HookRules.check(specs, pathPrefix), SourcePositions.NONE);
    }

    public static HookSpec toSpec(Hook hook) {
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        hook.getParamsMap().forEach((name, param) -> params.put(name, toSpec(param)));
        return new HookSpec(orNull(hook.getTrigger()), orNull(hook.getConnection()), orNull(hook.getHubRef()),
                orNull(hook.getConditions()), orNull(hook.getQueue()), orNull(hook.getNamespace()),
                hook.getPresetsList(), hook.getDisableDefaults() ? Boolean.TRUE : null,
                orNull(hook.getDisableDefaultsExpr()), params);
    }

    static ParamSpec toSpec(Param param) {
        return new ParamSpec(param.hasValue() ? toPlain(param.getValue()) : null, orNull(param.getRef()),
                param.getContextOnly(), orNull(param.getConnection()), param.getToInit(), orNull(param.getToEnv()));
    }

    /** A protobuf Value as the plain Java a YAML document gives: Map, List, String, Long, Double, Boolean, null. */
    public static Object toPlain(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case STRING_VALUE -> value.getStringValue();
            // JSON numbers are doubles on the wire; `3` must still be an int to an `int` input.
            case NUMBER_VALUE -> {
                double number = value.getNumberValue();
                yield number == Math.rint(number) && Math.abs(number) < LARGEST_EXACT_INTEGER ? (Object) (long) number
                        : (Object) number;
            }
            case STRUCT_VALUE -> toPlain(value.getStructValue());
            case LIST_VALUE -> toPlain(value.getListValue());
        };
    }

    private static Map<String, Object> toPlain(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((key, field) -> map.put(key, toPlain(field)));
        return Collections.unmodifiableMap(map);
    }

    private static List<Object> toPlain(ListValue list) {
        List<Object> items = new ArrayList<>();
        list.getValuesList().forEach(item -> items.add(toPlain(item)));
        return Collections.unmodifiableList(items);
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
