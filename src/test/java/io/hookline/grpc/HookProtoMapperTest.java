package io.hookline.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.hookline.api.v1.Hook;
import io.hookline.api.v1.Param;
import io.hookline.definition.HookParser;
import io.hookline.definition.HookSpec;
import io.hookline.definition.ParamSpec;
import io.hookline.definition.ParseResult;
import io.hookline.definition.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookProtoMapperTest {

    private static List<String> fieldsAndMessages(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + ": " + v.description()).toList();
    }

    @Test
    void protoAndYamlGiveTheSameViolationsForTheSameMistakes() {
        Hook hook = Hook.newBuilder()
                .setTrigger("finished")
                .setHubRef("slack:v1:v2")
                .setDisableDefaultsExpr("maybe")
                .setQueue("a/b/c")
                .putParams("source", Param.newBuilder().setRef("ops.upstream")
                        .setValue(Value.newBuilder().setNumberValue(12)).build())
                .build();
        String yaml = """
                - trigger: finished
                  hubRef: slack:v1:v2
                  disableDefaults: maybe
                  queue: a/b/c
                  params:
                    source: {ref: ops.upstream, value: 12}
                """;

        ParseResult<List<HookSpec>> fromProto = HookProtoMapper.toSpecs(List.of(hook), "hooks");
        ParseResult<List<HookSpec>> fromYaml = HookParser.parse(yaml, "hooks");

        assertThat(fieldsAndMessages(fromProto.violations())).hasSize(5)
                .containsExactlyInAnyOrderElementsOf(fieldsAndMessages(fromYaml.violations()));
        assertThat(fromProto.violations()).allSatisfy(v -> assertThat(v.line()).isZero());
        assertThat(fromYaml.violations()).allSatisfy(v -> assertThat(v.line()).isPositive());
    }

    @Test
    void missingHubRefReadsTheSameInBothForms() {
        ParseResult<List<HookSpec>> fromProto = HookProtoMapper.toSpecs(
                List.of(Hook.getDefaultInstance(), Hook.newBuilder().setTrigger("failed").build()), "hooks");
        ParseResult<List<HookSpec>> fromYaml = HookParser.parse("- {hubRef: slack}\n- {trigger: failed}\n", "hooks");

        assertThat(fieldsAndMessages(fromProto.violations())).startsWith(fieldsAndMessages(fromYaml.violations())
                .stream().map(m -> m.replace("hooks[1]", "hooks[0]")).toArray(String[]::new));
    }

    @Test
    void hookFieldsAndParamsMapToTheSpec() {
        Hook hook = Hook.newBuilder().setTrigger("failed").setHubRef("slack").setConnection("slack-notification")
                .setConditions("{{ loss > 0.9 }}").addPresets("team").setDisableDefaults(true)
                .putParams("channel", Param.newBuilder().setValue(Value.newBuilder().setStringValue("alerts")).build())
                .putParams("run", Param.newBuilder().setContextOnly(true).setToEnv("RUN").build())
                .build();

        HookSpec spec = HookProtoMapper.toSpec(hook);

        assertThat(spec).isEqualTo(new HookSpec("failed", "slack-notification", "slack", "{{ loss > 0.9 }}", null, null,
                List.of("team"), true, null, Map.of("channel", ParamSpec.of("alerts"),
                        "run", new ParamSpec(null, null, true, null, false, "RUN"))));
    }

    @Test
    void protobufValuesBecomePlainJavaAsYamlWouldGive() {
        Value value = Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("epochs", Value.newBuilder().setNumberValue(3).build())
                .putFields("lr", Value.newBuilder().setNumberValue(0.5).build())
                .putFields("tags", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setStringValue("a"))
                        .addValues(Value.newBuilder().setBoolValue(true))
                        .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))).build()))
                .build();

        Object plain = HookProtoMapper.toPlain(value);

        assertThat(plain).isEqualTo(Map.of("epochs", 3L, "lr", 0.5,
                "tags", java.util.Arrays.asList("a", true, null)));
    }
}
