package io.hookline.definition.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the reader makes of YAML and JSON text, below the parsers: values, positions and refusals. */
class LocatedNodeTest {

    @Test
    void scalarsKeepTheTypesJacksonGaveThem() throws Exception {
        LocatedNode root = LocatedNode.parse("""
                yes: yes
                base60: 1:20
                hex: 0x1F
                octal: 012
                underscores: 1_000
                big: 9223372036854775808
                float: 1_0.5
                date: 2024-01-01
                tilde: ~
                empty:
                quoted: '12'
                tagged: !!str 12
                """);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("yes", true);
        expected.put("base60", "1:20");
        expected.put("hex", 31L);
        expected.put("octal", 10L);
        expected.put("underscores", 1000L);
        expected.put("big", new BigInteger("9223372036854775808"));
        expected.put("float", 10.5);
        expected.put("date", "2024-01-01");
        expected.put("tilde", null);
        expected.put("empty", null);
        expected.put("quoted", "12");
        expected.put("tagged", "12");
        assertThat(root.toPlain()).isEqualTo(expected);
    }

    @Test
    void jsonWithTabsAndEscapedSlashesIsReadThoughYamlOneOneRefusesThem() throws Exception {
        LocatedNode root = LocatedNode.parse("{\t\"url\":\t\"http:\\/\\/x\",\n\t\"n\": 1e5}");

        assertThat(root.toPlain()).isEqualTo(Map.of("url", "http://x", "n", 100000.0));
        assertThat(root.entries.get("n").position).isEqualTo(new SourcePosition(2, 7));
    }

    @Test
    void anUnquotedTemplateFollowedByTextKeepsTheColumnsOfWhatFollowsOnItsLine() throws Exception {
        LocatedNode root = LocatedNode.parse("c: {value: {{ x }}-a, y: 3}");

        LocatedNode value = root.entries.get("c");
        assertThat(value.entries.get("value").unquotedTemplate).isEqualTo("{{ x }}-a");
        assertThat(value.entries.get("value").position).isEqualTo(new SourcePosition(1, 12));
        assertThat(value.keyPositions.get("y")).isEqualTo(new SourcePosition(1, 23));
    }

    @Test
    void anInfiniteNumberIsRefusedAsBefore() {
        assertThatThrownBy(() -> LocatedNode.parse("v: .inf"))
                .hasMessage("is not valid YAML or JSON: Malformed numeric value '.inf'");
    }

    @Test
    void aMappingAsAKeyIsNotValid() {
        assertThatThrownBy(() -> LocatedNode.parse("? [a]\n: 1"))
                .hasMessage("is not valid YAML or JSON: a key must be a name, found a list");
    }

    @Test
    void nestingDeeperThanAThousandIsRefused() throws Exception {
        assertThat(LocatedNode.parse("a: " + "[".repeat(999) + "]".repeat(999)).isMapping()).isTrue();
        assertThat(LocatedNode.parse("[".repeat(1000) + "]".repeat(1000)).isSequence()).isTrue();
        assertThatThrownBy(() -> LocatedNode.parse("a: " + "[".repeat(1000) + "]".repeat(1000)))
                .hasMessage("is refused: lists and mappings are nested more than 1000 deep");
        assertThatThrownBy(() -> LocatedNode.parse("[".repeat(1001) + "]".repeat(1001)))
                .hasMessage("is refused: lists and mappings are nested more than 1000 deep");
    }

    @Test
    void aDocumentLongerThanThreeMillionCharactersIsRefusedBeforeItIsRead() {
        assertThatThrownBy(() -> LocatedNode.parse("a: '" + "x".repeat(YamlTreeReader.MAX_CODE_POINTS) + "'"))
                .hasMessage("is refused: it is longer than 3145728 characters");
    }

    @Test
    void aNumberOfMoreThanAThousandDigitsIsRefused() {
        assertThatThrownBy(() -> LocatedNode.parse("a: " + "1".repeat(1001)))
                .hasMessage("is refused: a number of more than 1000 characters");
    }

    @Test
    void onlyTheFirstDocumentIsRead() throws Exception {
        assertThat(LocatedNode.parse("a: 1\n---\nb: [").toPlain()).isEqualTo(Map.of("a", 1L));
    }
}
