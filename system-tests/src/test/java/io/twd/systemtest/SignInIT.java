package io.twd.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TestEnvironment;
import io.twd.testkit.TwdSystem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-in against the real identity provider with the project's realm (identity/realm/twd-realm.json;
 * the test realm shortens only the lockouts' length, to {@value IdentityProvider#TEST_LOCKOUT_SECONDS} s):
 * <ul>
 *   <li>brute-force protection is on and still lets one user sign in many times at once (Keycloak
 *       refuses concurrent logins of one user under brute-force protection unless told otherwise);</li>
 *   <li>wrong passwords lock the account for a while only: the right one works again afterwards;</li>
 *   <li>a refresh token is used once: the next refresh needs the new one (rotation);</li>
 *   <li>the web front end's client redirects only to its exact URIs and gets no offline token,
 *       even when it asks for one.</li>
 * </ul>
 */
@ExtendWith(SignedInSystem.class)
class SignInIT {

    private static IdentityProvider identity;
    private static String realmUrl;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start(TwdSystem system) {
        system.start();
        identity = system.identity();
        realmUrl = identity.baseUrl() + "/realms/" + IdentityProvider.REALM;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> token(Map<String, String> fields) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> signIn(String user, String password) throws IOException, InterruptedException {
        return token(Map.of("grant_type", "password", "client_id", IdentityProvider.CLI_CLIENT, "username", user,
                "password", password, "scope", "openid"));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject claims(String jwt) {
        return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void oneUserSignsInManyTimesAtOnceUnderBruteForceProtection() throws Exception {
        JsonObject realm = json(Files.readString(TestEnvironment.realmFile()));
        assertThat(realm.getBoolean("bruteForceProtected")).isTrue();
        String user = SignedInSystem.newCustomer();
        int clients = 16;
        CyclicBarrier together = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(pool.submit(() -> {
                together.await();
                return signIn(user, IdentityProvider.password(user)).statusCode();
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        assertThat(statuses).as("sign-ins of one user at the same moment").containsOnly(200);
    }

    @Test
    void wrongPasswordsLockAnAccountForAWhileOnly() throws Exception {
        JsonObject realm = json(Files.readString(TestEnvironment.realmFile()));
        String user = SignedInSystem.newCustomer();
        // failures further apart than the quick-login check, so that each is counted and the
        // failure factor is reached (where a permanent lockout would disable the account)
        long apart = realm.getInt("quickLoginCheckMilliSeconds") + 200L;
        for (int i = 0; i < realm.getInt("failureFactor"); i++) {
            assertThat(signIn(user, "wrong-" + i).statusCode()).isIn(400, 401);
            Thread.sleep(apart);
        }
        Thread.sleep(500); // the protector records failures on a thread of its own
        HttpResponse<String> locked = signIn(user, IdentityProvider.password(user));
        assertThat(locked.statusCode()).as("the right password while locked: " + locked.body()).isIn(400, 401);
        // ... for a while: then the right password works again, the account was never disabled
        await().atMost(Duration.ofSeconds(4L * IdentityProvider.TEST_LOCKOUT_SECONDS))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> signIn(user, IdentityProvider.password(user)).statusCode() == 200);
    }

    @Test
    void aRefreshTokenIsUsedOnce() throws Exception {
        String user = SignedInSystem.newCustomer();
        String first = json(signIn(user, IdentityProvider.password(user)).body()).getString("refresh_token");
        HttpResponse<String> refreshed = token(Map.of("grant_type", "refresh_token", "client_id",
                IdentityProvider.CLI_CLIENT, "refresh_token", first));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String second = json(refreshed.body()).getString("refresh_token");
        assertThat(second).isNotEqualTo(first);
        HttpResponse<String> reused = token(Map.of("grant_type", "refresh_token", "client_id",
                IdentityProvider.CLI_CLIENT, "refresh_token", first));
        assertThat(reused.statusCode()).as("the first refresh token again: " + reused.body()).isEqualTo(400);
        assertThat(json(reused.body()).getString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void theWebClientRedirectsOnlyToItsExactUris() throws Exception {
        String origin = "http://localhost:" + identity.webPort();
        for (String elsewhere : List.of(origin + "/evil", origin + "/#/orders", origin + "//attacker.example/",
                origin + "/..;/x", "http://attacker.example/")) {
            assertThat(authorize(browser(), elsewhere, "openid", challenge("v".repeat(43))).statusCode())
                    .as("redirect_uri " + elsewhere).isEqualTo(400);
        }
        assertThat(authorize(browser(), origin + "/", "openid", challenge("v".repeat(43))).statusCode()).isEqualTo(200);
    }

    @Test
    void theWebClientGetsNoOfflineTokenEvenWhenItAsksForOne() throws Exception {
        String redirect = "http://localhost:" + identity.webPort() + "/";
        HttpResponse<String> asked = authorize(browser(), redirect, "openid offline_access", challenge("v".repeat(43)));
        // refused before any sign-in: back to the page with an error and no code
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(302);
        String location = asked.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect).contains("error=invalid_scope").doesNotContain("code=");
        // the same sign-in without it goes through, and its refresh token is an ordinary one
        String user = SignedInSystem.newCustomer();
        HttpClient browser = browser();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        HttpResponse<String> loginPage = authorize(browser, redirect, "openid", challenge(verifier));
        assertThat(loginPage.statusCode()).isEqualTo(200);
        Matcher action = Pattern.compile("action=\"([^\"]*login-actions/authenticate[^\"]*)\"").matcher(loginPage.body());
        assertThat(action.find()).as("the login form").isTrue();
        // the login page's cookies go back with the form, as a browser sends them (the JDK's cookie
        // manager does not keep a host-only cookie of "localhost")
        String cookies = loginPage.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password",
                                IdentityProvider.password(user), "credentialId", "")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as("back to the page with a code").isEqualTo(302);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(signedIn.headers().firstValue("Location").orElseThrow());
        assertThat(code.find()).isTrue();
        HttpResponse<String> tokens = token(Map.of("grant_type", "authorization_code", "client_id", IdentityProvider.WEB_CLIENT,
                "code", code.group(1), "redirect_uri", redirect, "code_verifier", verifier));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonObject answer = json(tokens.body());
        assertThat(answer.getString("scope")).doesNotContain("offline_access");
        assertThat(claims(answer.getString("refresh_token")).getString("typ")).isEqualTo("Refresh");
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static HttpResponse<String> authorize(HttpClient browser, String redirect, String scope, String challenge)
            throws IOException, InterruptedException {
        String query = form(Map.of("client_id", IdentityProvider.WEB_CLIENT, "redirect_uri", redirect,
                "response_type", "code", "scope", scope, "state", "s1", "code_challenge", challenge,
                "code_challenge_method", "S256"));
        return browser.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/auth?" + query))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
