package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Design §3: a cancel racing a ship on the same order ends in exactly one of the two, never both,
 * and order, delivery and the published events agree on which. Fired concurrently, many times.
 */
@ExtendWith(SignedInSystem.class)
class CancelShipRaceIT {

    private static final int ORDERS = 30;

    private static String shop;
    private static String order;
    private static String delivery;

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "order", "delivery");
        shop = system.url("shop");
        order = system.url("order");
        delivery = system.url("delivery");
        Ordering.warmUp(shop, order);
    }

    private record Race(long orderId, long deliveryId, int cancelStatus, int startStatus) {
    }

    @Test
    void cancelRacingShipEndsInExactlyOneOutcome(TwdSystem system) throws Exception {
        List<long[]> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            long orderId = Ordering.placeOrder(shop, order, 31);
            orders.add(new long[] {orderId, 0});
        }
        for (long[] o : orders) {
            o[1] = Ordering.awaitConfirmedDelivery(delivery, o[0]);
        }
        List<Race> races = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (TopicRecorder orderTopic = new TopicRecorder(system.broker().connectionFactory(), "order.events");
             TopicRecorder deliveryTopic = new TopicRecorder(system.broker().connectionFactory(), "delivery.events")) {
            for (int i = 0; i < orders.size(); i++) {
                long[] o = orders.get(i);
                CyclicBarrier together = new CyclicBarrier(2);
                // A cancel travels order -> delivery, a ship goes to delivery directly. Head starts from
                // -100 ms (the cancel leaves first) to +100 ms (the ship does), spread over the orders:
                // near the ends one side surely wins, so both outcomes occur; in between they truly race.
                long headStart = -100 + (200L * i) / Math.max(1, orders.size() - 1);
                long cancelDelay = Math.max(0, headStart);
                long shipDelay = Math.max(0, -headStart);
                CompletableFuture<Integer> cancel = CompletableFuture.supplyAsync(() -> {
                    arrive(together);
                    return 0;
                }, pool).thenApplyAsync(ignored -> given().post(order + "/orders/" + o[0] + "/cancel").statusCode(),
                        CompletableFuture.delayedExecutor(cancelDelay, TimeUnit.MILLISECONDS, pool));
                CompletableFuture<Integer> start = CompletableFuture.supplyAsync(() -> {
                    arrive(together);
                    return 0;
                }, pool).thenApplyAsync(ignored -> given().post(delivery + "/deliveries/" + o[1] + "/start")
                        .statusCode(), CompletableFuture.delayedExecutor(shipDelay, TimeUnit.MILLISECONDS, pool));
                races.add(new Race(o[0], o[1], cancel.get(60, TimeUnit.SECONDS), start.get(60, TimeUnit.SECONDS)));
            }
            int cancelled = 0;
            int shipped = 0;
            for (Race race : races) {
                assertThat(List.of(race.cancelStatus(), race.startStatus()))
                        .as("order %d: exactly one of cancel and ship succeeds, the other gets 409", race.orderId())
                        .containsExactlyInAnyOrder(200, 409);
                boolean cancelWon = race.cancelStatus() == 200;
                String expectedOrder = cancelWon ? "OrderCancelled" : "DeliveryStarted";
                String expectedDelivery = cancelWon ? "DeliveryCancelled" : "DeliveryStarted";
                await().atMost(EVENTUAL).until(() -> Ordering.orderStatus(order, race.orderId()), expectedOrder::equals);
                assertThat(Ordering.deliveryStatusOfOrder(delivery, race.orderId())).isEqualTo(expectedDelivery);
                if (cancelWon) {
                    cancelled++;
                } else {
                    shipped++;
                }
            }
            // events agree: one outcome per order, published once
            for (Race race : races) {
                String id = String.valueOf(race.orderId());
                boolean cancelWon = race.cancelStatus() == 200;
                await().atMost(EVENTUAL).until(() -> deliveryTopic.messages().stream()
                        .anyMatch(m -> id.equals(m.correlationId())));
                if (cancelWon) {
                    await().atMost(EVENTUAL).until(() -> orderTopic.messages().stream()
                            .anyMatch(m -> id.equals(m.correlationId())));
                }
            }
            for (Race race : races) {
                String id = String.valueOf(race.orderId());
                boolean cancelWon = race.cancelStatus() == 200;
                assertThat(deliveryTopic.messages()).filteredOn(m -> id.equals(m.correlationId()))
                        .extracting(m -> m.property("eventType"))
                        .containsExactly(cancelWon ? "DeliveryCancelled" : "DeliveryStarted");
                assertThat(orderTopic.messages()).filteredOn(m -> id.equals(m.correlationId()))
                        .extracting(m -> m.property("eventType"))
                        .containsExactly(cancelWon ? new String[] {"OrderCancelled"} : new String[0]);
            }
            System.out.printf("cancel/ship race over %d orders: %d cancelled, %d shipped%n", ORDERS, cancelled, shipped);
            assertThat(cancelled).as("races the cancel won").isPositive();
            assertThat(shipped).as("races the ship won").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
