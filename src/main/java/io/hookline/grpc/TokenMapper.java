package io.hookline.grpc;

import io.hookline.api.v1.CreateTokenRequest;
import io.hookline.api.v1.CreateTokenResponse;
import io.hookline.api.v1.TokenInfo;
import io.hookline.api.v1.TokenScope;
import io.hookline.auth.Scope;
import io.hookline.auth.StoredToken;
import io.hookline.auth.TokenAdmin;

import java.util.Optional;

/** Token requests and answers between proto and the auth stage. */
final class TokenMapper {

    private TokenMapper() {
    }

    static TokenAdmin.NewToken newToken(CreateTokenRequest request) {
        String scope = switch (request.getScope()) {
            case TOKEN_SCOPE_AGENT -> Scope.AGENT.apiName();
            case TOKEN_SCOPE_ADMIN -> Scope.ADMIN.apiName();
            default -> "";
        };
        return new TokenAdmin.NewToken(request.getName(), scope, request.getProjectsList(),
                request.hasExpiresAt() ? Optional.of(ProtoTime.instant(request.getExpiresAt())) : Optional.empty());
    }

    static CreateTokenResponse created(TokenAdmin.CreatedToken created) {
        return CreateTokenResponse.newBuilder().setToken(created.token()).setInfo(info(created.stored())).build();
    }

    static TokenInfo info(StoredToken token) {
        TokenInfo.Builder info = TokenInfo.newBuilder()
                .setId(token.id().toString())
                .setName(token.name())
                .setScope(token.scope() == Scope.ADMIN ? TokenScope.TOKEN_SCOPE_ADMIN : TokenScope.TOKEN_SCOPE_AGENT)
                .addAllProjects(token.projects())
                .setCreatedAt(ProtoTime.timestamp(token.createdAt()));
        token.expiresAt().map(ProtoTime::timestamp).ifPresent(info::setExpiresAt);
        token.revokedAt().map(ProtoTime::timestamp).ifPresent(info::setRevokedAt);
        return info.build();
    }
}
