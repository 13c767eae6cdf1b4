package io.hookline.connections;

import io.hookline.definition.Violation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The catalog file's text as read once, with a digest of its bytes. The digest, not the file's
 * modification time, tells a changed catalog: a Kubernetes Secret volume swaps a {@code ..data}
 * symlink, which leaves the modification time of the path Hookline reads as it was.
 *
 * @param digest SHA-256 of the bytes, hex
 */
public record CatalogFileText(Path file, String text, String digest) {

    /**
     * @throws InvalidConnectionCatalogException when the file is missing, unreadable or not UTF-8
     */
    public static CatalogFileText read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            // A decoder that refuses malformed input rather than replacing it, as Files.readString does.
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return new CatalogFileText(file, text, HexFormat.of().formatHex(sha256().digest(bytes)));
        } catch (IOException e) {
            throw new InvalidConnectionCatalogException(file.toString(), List.of(Violation.of("file",
                    "cannot read " + file.toAbsolutePath() + " (" + e.getClass().getSimpleName()
                            + "); set hookline.connections.file to an existing file, or unset it for no connections")));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
