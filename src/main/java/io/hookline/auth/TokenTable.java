package io.hookline.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code api_tokens}. */
@ApplicationScoped
public class TokenTable {

    private static final String COLUMNS = "id, name, scope, projects, created_at, expires_at, revoked_at";

    private final Pool pool;

    TokenTable(Pool pool) {
        this.pool = pool;
    }

    public Uni<StoredToken> insert(SqlClient sql, String name, Scope scope, List<String> projects, byte[] hash,
                                   Optional<Instant> expiresAt, boolean bootstrap) {
        return sql.preparedQuery("INSERT INTO api_tokens (id, name, scope, projects, token_hash, expires_at, bootstrap)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addString(name).addString(scope.apiName())
                        .addArrayOfString(projects.toArray(String[]::new)).addBuffer(Buffer.buffer(hash))
                        .addOffsetDateTime(expiresAt.map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null))
                        .addBoolean(bootstrap))
                .map(rows -> token(rows.iterator().next()));
    }

    /** Every token not revoked, by the hex of the hash it is looked up with; expired ones too (they answer "expired"). */
    public Uni<Map<String, StoredToken>> unrevoked() {
        return pool.query("SELECT " + COLUMNS + ", token_hash FROM api_tokens WHERE revoked_at IS NULL").execute()
                .map(rows -> {
                    Map<String, StoredToken> byHash = new HashMap<>();
                    for (Row row : rows) {
                        byHash.put(HexFormat.of().formatHex(row.getBuffer("token_hash").getBytes()), token(row));
                    }
                    return byHash;
                });
    }

    public Uni<List<StoredToken>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id").execute()
                .map(TokenTable::tokens);
    }

    /** Revokes a token not yet revoked; answers it as it is now, or empty when there is no such token. */
    public Uni<Optional<StoredToken>> revoke(UUID id) {
        return pool.preparedQuery("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(id))
                .map(rows -> tokens(rows).stream().findFirst());
    }

    public Uni<Boolean> exists(SqlClient sql, byte[] hash) {
        return sql.preparedQuery("SELECT 1 FROM api_tokens WHERE token_hash = $1")
                .execute(Tuple.tuple().addBuffer(Buffer.buffer(hash)))
                .map(rows -> rows.size() > 0);
    }

    /** Revokes the bootstrap tokens other than this one: a start given a new one retires the old. */
    public Uni<Integer> revokeOtherBootstrapTokens(SqlClient sql, byte[] keep) {
        return sql.preparedQuery("UPDATE api_tokens SET revoked_at = now()"
                        + " WHERE bootstrap AND revoked_at IS NULL AND token_hash <> $1")
                .execute(Tuple.tuple().addBuffer(Buffer.buffer(keep)))
                .map(RowSet::rowCount);
    }

    private static List<StoredToken> tokens(RowSet<Row> rows) {
        List<StoredToken> tokens = new ArrayList<>();
        rows.forEach(row -> tokens.add(token(row)));
        return tokens;
    }

    private static StoredToken token(Row row) {
        return new StoredToken(row.getUUID("id"), row.getString("name"),
                Scope.fromApiName(row.getString("scope")).orElseThrow(),
                Arrays.asList(row.getArrayOfStrings("projects")),
                row.getOffsetDateTime("created_at").toInstant(),
                Optional.ofNullable(row.getOffsetDateTime("expires_at")).map(OffsetDateTime::toInstant),
                Optional.ofNullable(row.getOffsetDateTime("revoked_at")).map(OffsetDateTime::toInstant));
    }
}
