package io.twd.bench.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** How the load generators tell a token from the tokens file that is about to expire. */
class TokensTest {

    @Test
    void aTokensExpiryIsItsExpClaim() {
        Base64.Encoder unpadded = Base64.getUrlEncoder().withoutPadding();
        String payload = unpadded.encodeToString(
                "{\"iss\":\"http://localhost:8180/realms/twd\",\"exp\":1796601600,\"aud\":\"twd-api\"}"
                        .getBytes(StandardCharsets.UTF_8));
        String header = "Bearer " + unpadded.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
                + "." + payload + ".c2lnbmF0dXJl";

        assertEquals(Instant.ofEpochSecond(1796601600), Tokens.expiry(header));
    }
}
