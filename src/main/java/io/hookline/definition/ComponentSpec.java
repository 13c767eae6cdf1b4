package io.hookline.definition;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A component a hook can run: what it takes (Polyaxon V1IO inputs/outputs), which connection kinds
 * it can be sent through, and the request it renders. Read by {@link ComponentParser}.
 *
 * @param connectionKinds the connection kinds it can be sent through; empty means any
 */
public record ComponentSpec(HubRef hubRef, String description, List<String> connectionKinds, List<IoSpec> inputs,
        List<IoSpec> outputs, RequestSpec request) {

    public static final List<String> FIELDS = List.of("version", "kind", "name", "owner", "tag", "description",
            "connectionKinds", "inputs", "outputs", "request");

    public ComponentSpec {
        connectionKinds = connectionKinds == null ? List.of() : List.copyOf(connectionKinds);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** The input or output a param of this name provides, if any. */
    public Optional<IoSpec> io(String name) {
        return Stream.concat(inputs.stream(), outputs.stream()).filter(io -> io.name().equals(name)).findFirst();
    }
}
