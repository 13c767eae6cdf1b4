package io.hookline.definition.yaml;

import java.io.StringReader;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the first YAML document of a text from SnakeYAML's composed nodes, whose marks give each
 * value's line and column. Aliases ({@code *name}) are expanded, as PyYAML does for Polyaxon; a
 * value reached through an alias is placed where its anchor ({@code &name}) wrote it.
 */
final class YamlTreeReader {

    /**
     * Jackson's default {@code maxNestingDepth}, which Hookline's earlier reader enforced. SnakeYAML
     * composes recursively: 1000 levels took about 700 KB of stack (measured), within the 1 MB a
     * JVM thread has by default.
     */
    static final int MAX_NESTING_DEPTH = 1000;
    /** SnakeYAML's default document size, which Jackson's YAML parser passed on. */
    static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    /** SnakeYAML's default; refuses the classic alias bomb (a billion laughs) while composing. */
    static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    /**
     * Values that aliases may add to a document. Fewer than {@link #MAX_ALIASES_FOR_COLLECTIONS}
     * aliases can still nest into millions of values (seven levels of seven), so expansion has a
     * budget of its own.
     */
    static final int MAX_VALUES_FROM_ALIASES = 10_000;

    private final UnquotedTemplates templates;
    private final Set<Node> read = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> inside = Collections.newSetFromMap(new IdentityHashMap<>());
    private int valuesFromAliases;
    /** Where the outermost value being copied through an alias was written; null when none is. */
    private SourcePosition copying;

    private YamlTreeReader(UnquotedTemplates templates) {
        this.templates = templates;
    }

    static LocatedNode read(String text) throws LocatedNode.SyntaxError {
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            throw new LocatedNode.SyntaxError("is refused: it is longer than " + MAX_CODE_POINTS + " characters",
                    SourcePosition.NONE);
        }
        Yaml yaml = new Yaml(loaderOptions());
        UnquotedTemplates templates = new UnquotedTemplates(text);
        while (true) {
            Node root;
            try {
                Iterator<Node> documents = yaml.composeAll(new StringReader(templates.text())).iterator();
                root = documents.hasNext() ? documents.next() : null;
            } catch (MarkedYAMLException e) {
                if (templates.maskCulprit(yaml)) {
                    continue;
                }
                throw syntaxError(e);
            } catch (YAMLException e) {
                throw refusal(e);
            }
            return root == null ? null : new YamlTreeReader(templates).value(root, false);
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // Kept, and reported by Documents: YAML loaders keep the last value, which users rarely mean.
        options.setAllowDuplicateKeys(true);
        // SnakeYAML checks the depth before counting the new level, so its limit lets one more pass.
        options.setNestingDepthLimit(MAX_NESTING_DEPTH - 1);
        options.setCodePointLimit(MAX_CODE_POINTS); // checked above already, with a clearer message
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        // `<<: *defaults` merges as PyYAML merges it, keys written beside it winning.
        options.setMergeOnCompose(true);
        return options;
    }

    private LocatedNode value(Node node, boolean throughAlias) throws LocatedNode.SyntaxError {
        SourcePosition position = position(node.getStartMark());
        boolean copy = throughAlias || !read.add(node);
        boolean copyStarts = copy && copying == null;
        if (copyStarts) {
            copying = position;
        }
        if (copy && ++valuesFromAliases > MAX_VALUES_FROM_ALIASES) {
            throw new LocatedNode.SyntaxError("is refused: its aliases (*name) expand to more than "
                    + MAX_VALUES_FROM_ALIASES + " values; write the repeated values out", copying);
        }
        LocatedNode located = located(node, position, copy);
        if (copyStarts) {
            copying = null;
        }
        return located;
    }

    private LocatedNode located(Node node, SourcePosition position, boolean copy) throws LocatedNode.SyntaxError {
        int start = node.getStartMark().getIndex();
        if (node instanceof ScalarNode scalar) {
            String template = templates.maskedAt(start);
            return template != null ? LocatedNode.unquotedTemplate(position, template)
                    : LocatedNode.scalar(position, YamlScalars.value(scalar));
        }
        if (templates.startsAt(start)) {
            return LocatedNode.unquotedTemplate(position, templates.source(start, node.getEndMark().getIndex()));
        }
        if (!inside.add(node)) {
            throw new LocatedNode.SyntaxError("is refused: `*" + node.getAnchor() + "` is used inside the value that `&"
                    + node.getAnchor() + "` names, so it never ends", position);
        }
        LocatedNode located;
        if (node instanceof SequenceNode sequence) {
            located = LocatedNode.sequence(position);
            for (Node item : sequence.getValue()) {
                located.items.add(value(item, copy));
            }
        } else {
            located = LocatedNode.mapping(position);
            for (NodeTuple entry : ((MappingNode) node).getValue()) {
                located.put(key(entry.getKeyNode()), value(entry.getValueNode(), copy));
            }
        }
        inside.remove(node);
        return located;
    }

    private LocatedNode.Key key(Node node) throws LocatedNode.SyntaxError {
        SourcePosition position = position(node.getStartMark());
        if (node instanceof ScalarNode scalar) {
            return new LocatedNode.Key(scalar.getValue(), position);
        }
        String found = templates.startsAt(node.getStartMark().getIndex()) ? "an unquoted {{ ... }}; quote it"
                : node instanceof SequenceNode ? "a list" : "a mapping";
        throw new LocatedNode.SyntaxError("is not valid YAML or JSON: a key must be a name, found " + found, position);
    }

    /** A limit of the loader options, which SnakeYAML reports without a mark or a type of its own. */
    private static LocatedNode.SyntaxError refusal(YAMLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String why = message.startsWith("Nesting Depth exceeded")
                ? "lists and mappings are nested more than " + MAX_NESTING_DEPTH + " deep"
                : message.startsWith("Number of aliases for non-scalar nodes")
                        ? "it has more than " + MAX_ALIASES_FOR_COLLECTIONS + " aliases (*name) of lists or mappings"
                        : message;
        return new LocatedNode.SyntaxError("is refused: " + why, SourcePosition.NONE);
    }

    static SourcePosition position(Mark mark) {
        return new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static LocatedNode.SyntaxError syntaxError(MarkedYAMLException e) {
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        return new LocatedNode.SyntaxError("is not valid YAML: " + context + e.getProblem(),
                mark == null ? SourcePosition.NONE : position(mark));
    }
}
