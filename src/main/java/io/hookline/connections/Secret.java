package io.hookline.connections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A credential read from the environment or a file at deploy time: a key, a token, or a URL that
 * is itself a credential (Slack, Discord and Teams webhook URLs are). It prints as {@code ****}
 * everywhere, so that putting one in a log line, an exception or a record's {@code toString}
 * cannot leak it; only {@link #reveal()} gives the value, at the moment a request is sent.
 */
public final class Secret {

    public static final String MASK = "****";

    private final String origin;
    /** Set for a secret that follows its file: a ServiceAccount token that the kubelet rotates. */
    private final Path file;
    private volatile Read current;

    /** The value and the modification time of the file it was read from (null when not from a followed file). */
    private record Read(String value, FileTime modified) {
    }

    private Secret(String value, String origin, Path file, FileTime modified) {
        this.origin = origin;
        this.file = file;
        this.current = new Read(value, modified);
    }

    /**
     * @param value  the credential
     * @param origin where it came from, for messages: {@code env SLACK_URL}, {@code file /etc/x},
     *               {@code url in the catalog}; never the value
     */
    public static Secret of(String value, String origin) {
        if (value == null) {
            throw new IllegalArgumentException("no value for the secret from " + origin);
        }
        return new Secret(value, origin, null, null);
    }

    /**
     * A secret read from {@code file} now and again whenever the file's modification time changes,
     * as a projected ServiceAccount token is rotated by the kubelet (Kubernetes asks clients to
     * re-read it; client-go does). A file that cannot be read or is empty keeps the last value.
     *
     * @throws IOException when the file cannot be read the first time
     */
    public static Secret following(Path file, String origin) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), origin, file, modified);
    }

    /** The credential itself; call only where it goes onto the wire or into a signature. */
    public String reveal() {
        Read read = current;
        if (file == null) {
            return read.value();
        }
        try {
            // A stat per use; the file is read again only when it changed.
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(read.modified())) {
                String value = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!value.isEmpty()) {
                    read = new Read(value, modified);
                    current = read;
                }
            }
        } catch (IOException keepTheLastValue) {
            // The kubelet swaps the token's symlink atomically; a failed read is transient.
        }
        return read.value();
    }

    /** Whether the value may change while running ({@link #following}). */
    public boolean follows() {
        return file != null;
    }

    /** Where the value came from ({@code env PD_ROUTING_KEY}); safe to show. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
