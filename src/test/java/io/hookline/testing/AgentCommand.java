package io.hookline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One of the example agents in examples/, run as a user runs it: its interpreter on its folder,
 * with the command's arguments and environment.
 */
public record AgentCommand(String name, List<String> interpreter, Path folder) {

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** `node examples/node-agent`, or empty when there is no node on the PATH. */
    public static Optional<AgentCommand> node() {
        return runs(List.of("node", "--version"))
                ? Optional.of(new AgentCommand("node", List.of("node"), Path.of("examples/node-agent")))
                : Optional.empty();
    }

    /**
     * `python3 examples/python-agent` with the first interpreter found of HOOKLINE_PYTHON,
     * /usr/bin/python3 (where Debian's python3-grpcio installs) and python3 on the PATH that has
     * grpc; the first one found at all when none has it (so that the run fails naming what to
     * install); empty when there is no Python.
     */
    public static Optional<AgentCommand> python() {
        List<String> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("HOOKLINE_PYTHON")).ifPresent(candidates::add);
        candidates.addAll(List.of("/usr/bin/python3", "python3"));
        Optional<String> found = candidates.stream().filter(python -> runs(List.of(python, "--version"))).findFirst();
        String withGrpc = candidates.stream()
                .filter(python -> runs(List.of(python, "-c", "import grpc, google.protobuf")))
                .findFirst().orElse(found.orElse(null));
        return Optional.ofNullable(withGrpc)
                .map(python -> new AgentCommand("python", List.of(python), Path.of("examples/python-agent")));
    }

    /** Runs the agent with {@code arguments} and {@code environment} added to this JVM's. */
    public Result run(Path outputDir, Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(interpreter);
        command.add(folder.toString());
        command.addAll(List.of(arguments));
        Files.createDirectories(outputDir);
        Path stdout = outputDir.resolve(name + ".stdout");
        Path stderr = outputDir.resolve(name + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end within 180 s; stderr:\n" + Files.readString(stderr));
        }
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    @Override
    public String toString() {
        return name;
    }

    /** Whether {@code command} runs and exits 0. */
    public static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException notThere) {
            return false;
        }
    }
}
