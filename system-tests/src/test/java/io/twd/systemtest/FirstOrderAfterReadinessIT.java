package io.twd.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.twd.testkit.TwdSystem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server reports ready only when it can serve at normal speed: the order server is restarted,
 * and the first order it takes once {@code /health/ready} is UP must be placed (201, not a 503
 * from the 2 s delivery timeout that a cold first call used to hit) within a generous multiple of
 * the orders that follow it. A behavioural bound, not a benchmark: the figures are printed.
 */
@ExtendWith(SignedInSystem.class)
class FirstOrderAfterReadinessIT {

    /** How many orders after the first give the normal latency (their median). */
    private static final int LATER_ORDERS = 7;

    /**
     * The first order may take at most this many times the median of the later ones, or
     * {@link #FLOOR_MS}, whichever is more. Measured on the 2-core machine with the warm-up:
     * 542-682 ms against a median of 93-110 ms (5-7x; docs/benchmarks.md); without a warm-up the
     * first order met the 2 s delivery timeout and was refused (503).
     */
    private static final int GENEROUS_MULTIPLE = 10;

    /** A bound that a machine whose later orders are very fast still leaves room for (ms). */
    private static final long FLOOR_MS = 1_000;

    @Test
    void theFirstOrderAfterARestartIsServedAtNearlyNormalSpeed(TwdSystem system) {
        system.start("shop", "order", "delivery");
        String shop = system.url("shop");
        String order = system.url("order");
        Ordering.warmUp(shop, order);
        long shopId = 61;
        List<String> phones = new ArrayList<>();
        for (int i = 0; i <= LATER_ORDERS; i++) {
            phones.add(Ordering.registerPhone(shop, shopId, "galaxy_s21"));
        }
        // registered after them: once the order service knows it, it has heard of the others too
        // (else an order would take the shop lookup, a path of its own)
        String sentinel = Ordering.registerPhone(shop, shopId, "galaxy_s21");
        Ordering.orderOnceKnown(order, shopId, "galaxy_s21", sentinel).then().statusCode(201);

        system.server("order").stop();
        system.start("order"); // returns once /health/ready is UP

        List<Long> millis = new ArrayList<>();
        for (String sernum : phones) {
            long begin = System.nanoTime();
            Response placed = Ordering.order(order, shopId, "galaxy_s21", sernum);
            millis.add((System.nanoTime() - begin) / 1_000_000);
            assertThat(placed.statusCode()).as("order %d after readiness: %s", millis.size(), placed.body().asString())
                    .isEqualTo(201);
        }
        long first = millis.get(0);
        List<Long> later = millis.subList(1, millis.size()).stream().sorted().toList();
        long median = later.get(later.size() / 2);
        System.out.printf("[readiness] first order after readiness %d ms, median of the next %d: %d ms (%s)%n",
                first, later.size(), median, millis);
        assertThat(first).as("first order (ms) against %d x the median of the next ones (%d ms)", GENEROUS_MULTIPLE,
                median).isLessThanOrEqualTo(Math.max(GENEROUS_MULTIPLE * median, FLOOR_MS));
    }
}
