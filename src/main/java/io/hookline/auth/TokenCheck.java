package io.hookline.auth;

import java.util.Optional;

/** What a presented token turned out to be; the reason goes to the caller, never the token. */
public record TokenCheck(Optional<Caller> caller, String problem) {

    static TokenCheck valid(Caller caller) {
        return new TokenCheck(Optional.of(caller), "");
    }

    static TokenCheck refused(String problem) {
        return new TokenCheck(Optional.empty(), problem);
    }
}
