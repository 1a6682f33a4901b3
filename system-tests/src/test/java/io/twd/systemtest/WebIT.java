package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Sizes;
import io.restassured.response.Response;
import io.twd.testkit.Gateway;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TestEnvironment;
import io.twd.testkit.TwdSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web front end as a person uses it: the real page, served by the real gateway, in headless
 * Chromium (Debian's, driven by Playwright), signed in through the identity provider's real
 * login page, against the real services. The spec's story across three browser contexts
 * (manager, customer, staff), another customer who must not see the first one's orders, a 409
 * and a 503 shown as their sentences, and a model name that is markup shown as text. Each step
 * saves a screenshot under {@code target/web-screenshots/}. Prints the customer page's weight
 * (KiB transferred on a first load with an empty cache) and its time to interactive. Runs in the
 * default suite: the page sees only the APIs, not their database, so the PostgreSQL suite
 * ({@code -Ppostgresql}) skips it.
 */
@ExtendWith(SignedInSystem.class)
class WebIT {

    private static final Path SHOTS = Path.of("target/web-screenshots");
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    /** Shop ids of this class only, one per test, so lists show this test's phones. */
    private static final AtomicLong SHOPS = new AtomicLong(700_000 + System.currentTimeMillis() % 100_000 * 10);

    private static Gateway gateway;
    private static Playwright playwright;
    private static Browser browser;
    private static IdentityProvider identity;
    private static TwdSystem system;
    private static String shop;
    private static String order;
    private static final List<BrowserContext> contexts = new ArrayList<>();
    private static final List<String> cspViolations = new CopyOnWriteArrayList<>();
    private static final List<String> dialogs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TwdSystem started) throws Exception {
        assumeFalse(TwdSystem.onPostgresql(), "the page sees only the APIs: it runs in the default suite");
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium from Debian: apt-get install -y chromium").isTrue();
        assertThat(TestEnvironment.root().resolve("web/target/dist/index.html"))
                .as("the built web front end: ./mvnw install -pl web").exists();
        system = started;
        system.start(TwdSystem.SERVICES.stream().filter(s -> !s.equals("message")).toArray(String[]::new));
        MailSink.startMessageServer(system);
        identity = system.identity();
        shop = system.url("shop");
        order = system.url("order");
        Map<String, List<Integer>> routes = new LinkedHashMap<>();
        for (String service : TwdSystem.SERVICES) {
            routes.put(service, List.of(system.server(service).httpPort()));
        }
        gateway = new Gateway(TestEnvironment.workDir("web-gateway"), routes, identity.webPort(), identity.issuer());
        gateway.start();
        Ordering.warmUp(shop, order);
        Files.createDirectories(SHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox")));
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @AfterAll
    static void stop() {
        contexts.forEach(BrowserContext::close);
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /**
     * The spec's story: the manager registers two phones at once; a customer orders one; staff
     * ship it; the customer's open page shows it shipped without a reload; the customer orders the
     * second and cancels it; it is orderable again. Another customer does not see those orders.
     */
    @Test
    void theSpecsStoryAcrossThreeRoles() {
        long shopId = SHOPS.incrementAndGet();
        String model = "galaxy_web";
        String first = Ordering.uniqueSernum();
        String second = Ordering.uniqueSernum();

        // The manager registers two phones of one model at once (a count and their serial numbers).
        Page manager = signIn(context("en-US", 1280), IdentityProvider.MANAGER, "#/manage");
        PlaywrightAssertions.assertThat(manager.locator(".who")).containsText("(manager)");
        manager.locator("form.register input[name=shopId]").fill(String.valueOf(shopId));
        manager.locator("form.register input[name=eqpNm]").fill(model);
        manager.getByLabel("How many phones").fill("2");
        manager.locator("input[name=eqpSernum1]").fill(first);
        manager.locator("input[name=eqpSernum2]").fill(second);
        manager.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register").setExact(true)).click();
        PlaywrightAssertions.assertThat(manager.locator(".results")).containsText("Registered " + first + ".");
        PlaywrightAssertions.assertThat(manager.locator(".results")).containsText("Registered " + second + ".");
        PlaywrightAssertions.assertThat(phoneRow(manager, second).locator(".badge")).hasText("Available");
        shot(manager, "01-manager-registered-two-phones");

        // A customer finds them and orders the first.
        String customer = identity.newCustomer();
        BrowserContext shopperContext = context("en-US", 1280);
        // the page's clock, so that its timers can be stopped while the live update is awaited below
        shopperContext.clock().install();
        Page shopper = signIn(shopperContext, customer, "#/phones");
        PlaywrightAssertions.assertThat(shopper.locator(".who")).containsText(customer + " (customer)");
        search(shopper, shopId);
        PlaywrightAssertions.assertThat(shopper.locator("li.phone")).hasCount(2);
        shot(shopper, "02-customer-phones");
        long firstOrder = orderFromPage(shopper, first);

        // Her orders, followed live.
        nav(shopper, "orders");
        Locator mine = orderRow(shopper, firstOrder);
        PlaywrightAssertions.assertThat(mine.locator(".status")).hasText("Ordered");
        PlaywrightAssertions.assertThat(mine.locator(".live")).isVisible();
        shot(shopper, "03-customer-my-orders-ordered");

        // Staff ship it once delivery has it confirmed.
        Page staff = signIn(context("en-US", 1280), IdentityProvider.STAFF, "#/deliveries");
        PlaywrightAssertions.assertThat(staff.locator(".who")).containsText("(shop staff)");
        Locator waiting = staff.locator("li.delivery[data-order='" + firstOrder + "']");
        // the order's own delivery: other tests of the shared system leave pages of them
        staff.getByLabel("Order number").fill(String.valueOf(firstOrder));
        staff.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        await("delivery of order " + firstOrder + " waiting to ship").atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    staff.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh")).click();
                    staff.waitForTimeout(300);
                    return waiting.count() == 1;
                });
        shot(staff, "04-staff-waiting-to-ship");
        // The page also reads its list again every 10 s: with its timers stopped, only the live
        // stream can bring the change.
        PlaywrightAssertions.assertThat(mine.locator(".live")).isVisible();
        shopper.clock().pauseAt(((Number) shopper.evaluate("Date.now()")).longValue());
        long shipClicked = System.nanoTime();
        waiting.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Ship")).click();
        PlaywrightAssertions.assertThat(staff.locator("p.ok")).containsText("(order " + firstOrder + ") is shipped");

        // The customer's open page shows it shipped, without a reload.
        PlaywrightAssertions.assertThat(mine.locator(".status")).hasText("Shipped");
        System.out.printf("web: order %d shown as Shipped on the customer's open page %d ms after staff clicked Ship%n",
                firstOrder, (System.nanoTime() - shipClicked) / 1_000_000);
        shopper.clock().resume();
        mine.locator("summary").click();
        PlaywrightAssertions.assertThat(mine.locator(".history li").first()).containsText("Ordered");
        PlaywrightAssertions.assertThat(mine.locator(".history li").last()).containsText("Shipped");
        PlaywrightAssertions.assertThat(mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel order")))
                .hasCount(0);
        // The notifications sent about it.
        await("notifications of order " + firstOrder).atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Locator toggle = mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("notifications"));
            if (mine.locator(".notes").count() > 0) {
                toggle.click(); // hide, then show again: reads them anew
            }
            toggle.click();
            // the list has loaded: notes, the empty state or an error (the loading state has role=status)
            mine.locator(".notes .note, .notes p.state:not([role=status]), .notes .state.error").first().waitFor();
            return mine.locator(".note").count() >= 2;
        });
        PlaywrightAssertions.assertThat(mine.locator(".note .subject").first()).not().isEmpty();
        staff.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Shipped")).click();
        PlaywrightAssertions.assertThat(staff.locator("li.delivery[data-order='" + firstOrder + "'] .badge")).hasText("Shipped");
        shot(staff, "05-staff-shipped");
        shot(shopper, "06-customer-shipped-live-with-notifications");

        // The second phone: ordered, then cancelled; orderable again.
        nav(shopper, "phones");
        search(shopper, shopId);
        long secondOrder = orderFromPage(shopper, second);
        nav(shopper, "orders");
        Locator again = orderRow(shopper, secondOrder);
        PlaywrightAssertions.assertThat(again.locator(".status")).hasText("Ordered");
        again.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel order")).click();
        PlaywrightAssertions.assertThat(again.locator("p.ok")).hasText("Order " + secondOrder + " is cancelled.");
        PlaywrightAssertions.assertThat(again.locator(".status")).hasText("Cancelled");
        shot(shopper, "07-customer-cancelled");
        nav(shopper, "phones");
        await("phone " + second + " orderable again").atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1)).until(() -> {
            search(shopper, shopId);
            return phoneRow(shopper, second).count() == 1;
        });
        PlaywrightAssertions.assertThat(phoneRow(shopper, second)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Order"))).isEnabled();
        shot(shopper, "08-customer-orderable-again");

        // Another customer sees none of it.
        Page other = signIn(context("en-US", 1280), identity.newCustomer(), "#/orders");
        PlaywrightAssertions.assertThat(other.locator("main .state")).hasText("Nothing here yet.");
        assertThat(other.locator("li.order[data-order='" + firstOrder + "']").count()).isZero();
        assertThat(other.locator("li.order[data-order='" + secondOrder + "']").count()).isZero();
        shot(other, "09-another-customer-sees-no-orders");
        assertThat(cspViolations).as("Content-Security-Policy violations").isEmpty();
    }

    /** The phone was just ordered by someone else: the 409's sentence, in place; nothing else lost. */
    @Test
    void aPhoneOrderedMeanwhileShowsTheConflictsSentence() {
        long shopId = SHOPS.incrementAndGet();
        String sernum = Ordering.registerPhone(shop, shopId, "galaxy_web");
        Page shopper = signIn(context("en-US", 1280), identity.newCustomer(), "#/phones");
        search(shopper, shopId);
        Locator row = phoneRow(shopper, sernum);
        PlaywrightAssertions.assertThat(row).isVisible();
        // someone else (kim) orders it while this page still shows it as available
        Ordering.orderOnceKnown(order, shopId, "galaxy_web", sernum).then().statusCode(201);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Order")).click();
        PlaywrightAssertions.assertThat(row.locator(".refusal"))
                .hasText("Phone " + sernum + " at shop " + shopId + " already has an active order");
        PlaywrightAssertions.assertThat(shopper.locator("input[name=shopId]")).hasValue(String.valueOf(shopId));
        shot(shopper, "10-customer-409-already-ordered");
    }

    /** Delivery busy: the 503's sentence and when to try again (Retry-After); trying again later works. */
    @Test
    void deliveryUnavailableShowsWhenToTryAgain() {
        long shopId = SHOPS.incrementAndGet();
        String sernum = Ordering.registerPhone(shop, shopId, "galaxy_web");
        Page shopper = signIn(context("en-US", 1280), identity.newCustomer(), "#/phones");
        search(shopper, shopId);
        Locator row = phoneRow(shopper, sernum);
        Locator button = row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Order"));
        system.server("delivery").freeze();
        try {
            button.click();
            PlaywrightAssertions.assertThat(button).isDisabled(); // no double submit while it runs
            // the sentence says when to try again: Retry-After's 5 s (the problem's own words, or ours)
            PlaywrightAssertions.assertThat(row.locator(".refusal")).containsText("try again in 5 seconds",
                    new LocatorAssertions.ContainsTextOptions().setIgnoreCase(true));
            assertThat(row.locator(".refusal .detail").innerText()).isNotBlank().doesNotContain("503");
            PlaywrightAssertions.assertThat(button).isEnabled();
            shot(shopper, "11-customer-503-delivery-busy");
        } finally {
            system.server("delivery").thaw();
        }
        await("the same order goes through once delivery is back").atMost(EVENTUAL).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    button.click();
                    row.locator("p.ok, .refusal").first().waitFor();
                    PlaywrightAssertions.assertThat(button).hasText("Order");
                    return row.locator("p.ok").count() == 1;
                });
    }

    /** A model name that is markup appears as text; no script runs; the page's CSP is strict. */
    @Test
    void markupInAModelNameIsShownAsText() {
        long shopId = SHOPS.incrementAndGet();
        String markup = "<script>alert(1)</script>";
        String sernum = Ordering.registerPhone(shop, shopId, markup);
        Page shopper = signIn(context("en-US", 1280), identity.newCustomer(), "#/phones");
        search(shopper, shopId);
        Locator row = phoneRow(shopper, sernum);
        PlaywrightAssertions.assertThat(row.locator(".eqpNm")).hasText(markup);
        assertThat(row.locator("script").count()).isZero();
        shot(shopper, "12-customer-markup-as-text");
        assertThat(dialogs).as("no script of a model name ran").isEmpty();
        Response page = given().header(SignedInSystem.ANONYMOUS, "yes").get(gateway.url() + "/");
        page.then().statusCode(200).contentType("text/html");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(cspViolations).as("Content-Security-Policy violations").isEmpty();
    }

    /**
     * The customer's page: what a first load transfers (empty cache) and when it is interactive
     * (the phones listed with their Order buttons); at 360 px wide and in Korean.
     */
    @Test
    void customersPageWeightTimeToInteractiveAndNarrowKoreanLayout() {
        long shopId = SHOPS.incrementAndGet();
        String sernum = Ordering.registerPhone(shop, shopId, "갤럭시_s21");
        String customer = identity.newCustomer();
        BrowserContext context = context("en-US", 1280);
        Page page = signIn(context, customer, "#/phones");
        CDPSession cdp = context.newCDPSession(page);
        cdp.send("Network.enable");
        cdp.send("Network.clearBrowserCache");
        JsonObject noCache = new JsonObject();
        noCache.addProperty("cacheDisabled", true);
        cdp.send("Network.setCacheDisabled", noCache);
        AtomicLong bytes = new AtomicLong();
        List<String> loaded = new CopyOnWriteArrayList<>();
        page.onRequestFinished(request -> {
            Sizes sizes = request.sizes();
            bytes.addAndGet(sizes.responseBodySize + sizes.responseHeadersSize);
            loaded.add(request.url().replace(gateway.url(), "") + " " + sizes.responseBodySize);
        });
        page.reload();
        PlaywrightAssertions.assertThat(page.locator("li.phone").first()).isVisible();
        double interactive = ((Number) page.evaluate(
                "() => performance.getEntriesByName('twd-phones-shown')[0].startTime")).doubleValue();
        double domInteractive = ((Number) page.evaluate(
                "() => performance.getEntriesByType('navigation')[0].domInteractive")).doubleValue();
        page.waitForTimeout(500);
        System.out.printf("web: customer's page, first load with an empty cache: %.1f KiB transferred in %d requests %s%n",
                bytes.get() / 1024.0, loaded.size(), loaded);
        System.out.printf("web: customer's page interactive (phones listed, Order buttons usable) after %.0f ms"
                + " (DOM interactive after %.0f ms)%n", interactive, domInteractive);
        assertThat(bytes.get()).as("bytes of a first load").isLessThan(300 * 1024);

        // 360 px wide, in Korean: no sideways scrolling, statuses in words.
        BrowserContext narrow = context("ko-KR", 360);
        Page phone = signIn(narrow, customer, "#/phones", "로그인");
        search(phone, shopId);
        PlaywrightAssertions.assertThat(phoneRow(phone, sernum).locator(".badge")).hasText("주문 가능");
        PlaywrightAssertions.assertThat(phone.locator(".who")).containsText("(고객)");
        assertThat(((Number) phone.evaluate("() => document.documentElement.scrollWidth")).intValue())
                .as("no sideways scrolling at 360 px").isLessThanOrEqualTo(360);
        shot(phone, "13-customer-360px-korean");
        // the switch: English on the same page
        phone.getByLabel("언어").selectOption("en");
        PlaywrightAssertions.assertThat(phoneRow(phone, sernum).locator(".badge")).hasText("Available");
        // keyboard: the first control takes focus from Tab
        phone.keyboard().press("Tab");
        assertThat(phone.evaluate("() => document.activeElement.tagName")).isIn("A", "SELECT", "BUTTON", "INPUT");
    }

    private static BrowserContext context(String locale, int width) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale(locale)
                .setTimezoneId("Asia/Seoul").setViewportSize(width, width < 500 ? 740 : 900));
        context.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                cspViolations.add(m.text());
            }
        });
        context.onPage(p -> p.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        }));
        contexts.add(context);
        return context;
    }

    private static Page signIn(BrowserContext context, String user, String hash) {
        return signIn(context, user, hash, "Sign in");
    }

    /** Opens the page, signs in on the identity provider's login page, and is back on the same page. */
    private static Page signIn(BrowserContext context, String user, String hash, String signInLabel) {
        Page page = context.newPage();
        page.navigate(gateway.url() + "/" + hash);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(signInLabel)).first().click();
        page.locator("#username").fill(user);
        page.locator("#password").fill(IdentityProvider.password(user));
        page.locator("#kc-login").click();
        PlaywrightAssertions.assertThat(page.locator(".who .user")).containsText(user);
        assertThat(page.url()).as("back on the page that signed in").endsWith(hash);
        return page;
    }

    /** Follows a link of the page's navigation (hash route {@code #/<route>}). */
    private static void nav(Page page, String route) {
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Pages"))
                .locator("a[href='#/" + route + "']").click();
    }

    private static void search(Page page, long shopId) {
        page.locator("form.filters input[name=shopId]").fill(String.valueOf(shopId));
        page.locator("form.filters button[type=submit]").click();
        page.locator("li.phone[data-shop='" + shopId + "'], main .state").first().waitFor();
    }

    private static Locator phoneRow(Page page, String sernum) {
        return page.locator("li.phone[data-sernum='" + sernum + "']");
    }

    private static Locator orderRow(Page page, long orderId) {
        return page.locator("li.order[data-order='" + orderId + "']");
    }

    /** Clicks Order on a phone's row; @return the id of the order the page reports */
    private static long orderFromPage(Page page, String sernum) {
        Locator row = phoneRow(page, sernum);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Order")).click();
        PlaywrightAssertions.assertThat(row.locator("p.ok")).containsText("Ordered: order ");
        Matcher id = Pattern.compile("order (\\d+)").matcher(row.locator("p.ok").innerText());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
