package io.hookline.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of {@link StoredRequest} ({@code deliveries.request}, bytea). Its first byte
 * says which form follows:
 * <ul>
 * <li>{@code 1}: the request as length-prefixed UTF-8 fields (method, header count, each header's
 * name and value, body), each length an unsigned LEB128 varint;</li>
 * <li>{@code 2}: the length of those fields as a varint, then the fields zlib-deflated (with its
 * checksum, so a damaged row is refused, not sent garbled); written when that is smaller;</li>
 * <li>{@code 3} and {@code 4}: as {@code 1} and {@code 2}, with the path appended to the
 * connection's URL as one more field after the body; written only for a request with a path (a job
 * runner's), so a notifier's request is stored as before;</li>
 * <li>{@code 5} and {@code 6}: as {@code 3} and {@code 4} (the path empty for none), with the
 * event's traceparent as one more field after the path; written only when the event was traced,
 * so with tracing off every row is stored as before;</li>
 * <li>{@code '{'}: the JSON {@code {"method", "headers", "body"}} of rows written before V4
 * (the migration kept their text as UTF-8), read and never written.</li>
 * </ul>
 * Compact because every delivery stores one: the webhook body of a run is ~1.2 KB of JSON and
 * compresses to about a third; Postgres would not compress a value this small itself.
 */
@ApplicationScoped
public class StoredRequestCodec {

    private static final byte FIELDS = 1;
    private static final byte DEFLATED_FIELDS = 2;
    private static final byte FIELDS_WITH_PATH = 3;
    private static final byte DEFLATED_FIELDS_WITH_PATH = 4;
    private static final byte FIELDS_WITH_TRACE = 5;
    private static final byte DEFLATED_FIELDS_WITH_TRACE = 6;
    private static final byte LEGACY_JSON = '{';
    /** Below this, deflate's own header and checksum cost more than it saves. */
    private static final int WORTH_COMPRESSING = 200;

    // Deflater and Inflater hold native memory: one each per thread, reset between uses.
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private final ObjectMapper json;

    public StoredRequestCodec(ObjectMapper json) {
        this.json = json;
    }

    public byte[] write(StoredRequest request) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream(256 + request.body().length() * 3 / 2);
        boolean withTrace = !request.traceParent().isEmpty();
        boolean withPath = withTrace || !request.path().isEmpty();
        fields.write(withTrace ? FIELDS_WITH_TRACE : withPath ? FIELDS_WITH_PATH : FIELDS);
        writeText(fields, request.method());
        writeVarint(fields, request.headers().size());
        request.headers().forEach((name, value) -> {
            writeText(fields, name);
            writeText(fields, value);
        });
        writeText(fields, request.body());
        if (withPath) {
            writeText(fields, request.path());
        }
        if (withTrace) {
            writeText(fields, request.traceParent());
        }
        byte[] plain = fields.toByteArray();
        byte deflated = withTrace ? DEFLATED_FIELDS_WITH_TRACE : withPath ? DEFLATED_FIELDS_WITH_PATH : DEFLATED_FIELDS;
        return plain.length < WORTH_COMPRESSING ? plain : smaller(plain, deflated);
    }

    /** @throws UnreadableRequestException when {@code stored} is not a request this codec wrote */
    public StoredRequest read(byte[] stored) {
        if (stored == null || stored.length == 0) {
            throw new UnreadableRequestException("nothing is stored");
        }
        try {
            return switch (stored[0]) {
                case FIELDS -> readFields(new Reader(stored, 1), false, false);
                case DEFLATED_FIELDS -> readFields(new Reader(inflate(stored), 0), false, false);
                case FIELDS_WITH_PATH -> readFields(new Reader(stored, 1), true, false);
                case DEFLATED_FIELDS_WITH_PATH -> readFields(new Reader(inflate(stored), 0), true, false);
                case FIELDS_WITH_TRACE -> readFields(new Reader(stored, 1), true, true);
                case DEFLATED_FIELDS_WITH_TRACE -> readFields(new Reader(inflate(stored), 0), true, true);
                case LEGACY_JSON -> json.readValue(new String(stored, StandardCharsets.UTF_8), StoredRequest.class);
                default -> throw new UnreadableRequestException("unknown format " + (stored[0] & 0xff));
            };
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableRequestException(e.getMessage());
        } catch (IndexOutOfBoundsException e) {
            throw new UnreadableRequestException("it ends before its last field");
        } catch (DataFormatException e) {
            throw new UnreadableRequestException("compressed request is damaged: " + e.getMessage());
        }
    }

    /** A row's {@code request} column as the SQL client gives it; null when there is none. */
    public StoredRequest read(Buffer stored) {
        return read(stored == null ? null : stored.getBytes());
    }

    private static byte[] smaller(byte[] plain, byte format) {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(plain, 1, plain.length - 1);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length);
        out.write(format);
        writeVarint(out, plain.length - 1);
        byte[] chunk = new byte[Math.min(plain.length, 8192)];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
            if (out.size() >= plain.length) {
                return plain;
            }
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] stored) throws DataFormatException {
        Reader header = new Reader(stored, 1);
        int length = header.varint();
        byte[] fields = new byte[length];
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(stored, header.position, stored.length - header.position);
        int inflated = 0;
        while (inflated < length && !inflater.finished()) {
            int n = inflater.inflate(fields, inflated, length - inflated);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
            inflated += n;
        }
        if (inflated != length || !inflater.finished()) {
            throw new DataFormatException("expected " + length + " bytes, inflated " + inflated);
        }
        return fields;
    }

    private static StoredRequest readFields(Reader in, boolean withPath, boolean withTrace) {
        String method = in.text();
        int count = in.varint();
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put(in.text(), in.text());
        }
        String body = in.text();
        String path = withPath ? in.text() : "";
        String traceParent = withTrace ? in.text() : "";
        if (in.position != in.bytes.length) {
            throw new IllegalArgumentException((in.bytes.length - in.position) + " bytes after the last field");
        }
        return new StoredRequest(method, headers, body, path, traceParent);
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, utf8.length);
        out.write(utf8, 0, utf8.length);
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int rest = value;
        while ((rest & ~0x7f) != 0) {
            out.write((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out.write(rest);
    }

    /** Reads the fields of {@code bytes} from {@code position} on; out of bounds when they end early. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                byte b = bytes[position++];
                value |= (b & 0x7f) << shift;
                if (b >= 0) {
                    if (value < 0) {
                        break;
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("a length is out of range");
        }

        String text() {
            int length = varint();
            Objects.checkFromIndexSize(position, length, bytes.length);
            String text = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return text;
        }
    }

    /** A stored request that cannot be read back, e.g. a row edited by hand. */
    public static final class UnreadableRequestException extends RuntimeException {
        UnreadableRequestException(String detail) {
            super("stored request is unreadable: " + detail);
        }
    }
}
