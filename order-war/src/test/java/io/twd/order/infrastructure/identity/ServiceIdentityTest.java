package io.twd.order.infrastructure.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order service's own token against a token endpoint of our own (the JDK's HTTP server): the
 * client-credentials grant with the client's id and secret, one token for every call until it is
 * due for renewal, renewed before it expires, one request however many calls wait, and the
 * current token kept while a renewal fails.
 */
class ServiceIdentityTest {

    private HttpServer endpoint;
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long lifetimeSeconds = 300;
    private volatile long answerDelayMs;
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private ServiceIdentity identity;

    @BeforeEach
    void start() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(Executors.newCachedThreadPool());
        endpoint.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + body);
            try {
                Thread.sleep(answerDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = (status == 200
                    ? "{\"access_token\":\"token-" + issued.incrementAndGet() + "\",\"expires_in\":" + lifetimeSeconds
                            + ",\"token_type\":\"Bearer\"}"
                    : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        endpoint.start();
        identity = new ServiceIdentity();
        identity.tokenUrl = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/token";
        identity.clientId = "twd-order";
        identity.clientSecret = Optional.of("s3cret:+");
        identity.renewBeforeSeconds = 30;
        identity.timeoutMs = 2000;
        identity.clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    @Test
    void theClientCredentialsGrantWithTheClientsIdAndSecret() {
        assertThat(identity.authorization()).isEqualTo("Bearer token-1");
        // RFC 6749, 2.3.1: id and secret form-encoded, then Basic
        String basic = Base64.getEncoder().encodeToString("twd-order:s3cret%3A%2B".getBytes(StandardCharsets.UTF_8));
        assertThat(requests).containsExactly("POST Basic " + basic + " grant_type=client_credentials");
    }

    @Test
    void oneTokenServesEveryCallUntilItIsDueForRenewal() {
        for (int i = 0; i < 100; i++) {
            assertThat(identity.authorization()).isEqualTo("Bearer token-1");
            now = now.plusSeconds(2); // 198 s of calls, within the 270 s before renewal
        }
        assertThat(requests).hasSize(1);
        now = now.plusSeconds(80); // 278 s: 30 s or less before the expiry
        assertThat(identity.authorization()).isEqualTo("Bearer token-2");
        assertThat(identity.authorization()).isEqualTo("Bearer token-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void aShortLivedTokenIsRenewedAfterHalfItsLifetime() {
        lifetimeSeconds = 40;
        assertThat(identity.authorization()).isEqualTo("Bearer token-1");
        now = now.plusSeconds(19);
        assertThat(identity.authorization()).isEqualTo("Bearer token-1");
        now = now.plusSeconds(2);
        assertThat(identity.authorization()).isEqualTo("Bearer token-2");
    }

    @Test
    void concurrentCallsWithoutATokenMakeOneRequest() throws Exception {
        answerDelayMs = 300;
        ExecutorService callers = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(callers.submit(() -> {
                go.await();
                return identity.authorization();
            }));
        }
        go.countDown();
        for (Future<String> call : calls) {
            assertThat(call.get()).isEqualTo("Bearer token-1");
        }
        callers.shutdown();
        assertThat(requests).hasSize(1);
    }

    @Test
    void aFailedRenewalKeepsTheCurrentTokenWhileItIsValidThenFails() {
        assertThat(identity.authorization()).isEqualTo("Bearer token-1");
        status = 401;
        now = now.plusSeconds(280);
        assertThat(identity.authorization()).as("renewal refused, the token is still valid").isEqualTo("Bearer token-1");
        now = now.plusSeconds(16); // 296 s: within the 5 s margin of the expiry
        assertThatThrownBy(identity::authorization).isInstanceOf(ServiceIdentityUnavailableException.class);
        status = 200;
        assertThat(identity.authorization()).isEqualTo("Bearer token-2");
    }

    @Test
    void withoutAnEndpointOrASecretThereIsNoTokenAndNoCall() {
        identity.clientSecret = Optional.empty();
        assertThatThrownBy(identity::authorization).isInstanceOf(ServiceIdentityUnavailableException.class);
        assertThat(requests).isEmpty();
        identity.clientSecret = Optional.of("s3cret");
        endpoint.stop(0);
        assertThatThrownBy(identity::authorization).isInstanceOf(ServiceIdentityUnavailableException.class);
    }
}
