package io.twd.order.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twd.order.domain.model.customer.ActiveOrderLimitException;
import io.twd.order.domain.model.order.IdempotencyKeyReusedException;
import io.twd.order.domain.model.order.Order;
import io.twd.order.domain.model.order.OrderCancelled;
import io.twd.order.domain.model.order.OrderRepository;
import io.twd.order.domain.model.order.OrderStatus;
import io.twd.order.domain.model.order.Ordered;
import io.twd.order.domain.model.order.PhoneAlreadyOrderedException;
import io.twd.order.domain.model.order.PlacementKey;
import io.twd.order.domain.model.order.PlacementKeyRepository;
import io.twd.order.domain.model.phone.Phone;
import io.twd.order.domain.model.phone.PhoneRepository;
import io.twd.order.domain.model.phone.UnknownPhoneException;
import io.twd.platform.domain.DomainEvent;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.domain.UnsupportedStateTransitionException;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.testing.InMemory;
import jakarta.json.Json;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order's application service over in-memory stores and a stand-in for delivery: placing
 * (the phone known or asked of the shop, one active order per phone, the Idempotency-Key), the
 * discard of delivery's request when the order does not commit, cancelling (delivery decides
 * first), and delivery's events applied once.
 */
class OrderServiceTest {

    private static final long SHOP = 7;

    private final OrderService service = new OrderService();
    private final Map<Long, Order> orders = new HashMap<>();
    private final Map<String, Phone> phones = new HashMap<>();
    private final Map<String, Phone> atTheShop = new HashMap<>();
    private final Map<String, PlacementKey> keys = new HashMap<>();
    private final List<DomainEvent> published = new ArrayList<>();
    private final List<String> deliveryCalls = new ArrayList<>();
    private final List<Synchronization> synchronizations = new ArrayList<>();
    private final List<String> customerLocks = new ArrayList<>();
    private Deliveries.CancelOutcome cancelOutcome = Deliveries.CancelOutcome.CANCELLED;

    @BeforeEach
    void wire() {
        service.orders = new OrderRepository() {
            @Override
            public void add(Order order) {
                long id = orders.size() + 1L;
                orders.put(id, InMemory.persisted(order, id));
            }

            @Override
            public Optional<Order> find(long id) {
                return Optional.ofNullable(orders.get(id));
            }

            @Override
            public Optional<Order> findForUpdate(long id) {
                return find(id);
            }

            @Override
            public Optional<Order> findActive(long shopId, String eqpSernum) {
                return orders.values().stream()
                        .filter(o -> Order.phoneKey(shopId, eqpSernum).equals(o.getActivePhoneKey())).findFirst();
            }

            @Override
            public List<Order> search(String customerId, int offset, int limit) {
                return orders.values().stream().filter(o -> customerId == null || customerId.equals(o.getCustomerId()))
                        .skip(offset).limit(limit).toList();
            }

            @Override
            public long count(String customerId) {
                return search(customerId, 0, Integer.MAX_VALUE).size();
            }

            @Override
            public long countActive(String customerId) {
                return search(customerId, 0, Integer.MAX_VALUE).stream()
                        .filter(o -> o.getOrderStatus() == OrderStatus.Ordered).count();
            }

            @Override
            public void flush() {
                // in memory: nothing to write
            }
        };
        service.customers = customerLocks::add;
        service.activeOrdersMax = 2;
        service.phones = new PhoneRepository() {
            @Override
            public void add(Phone phone) {
                phones.put(phone.getShopId() + "/" + phone.getEqpSernum(), phone);
            }

            @Override
            public Optional<Phone> find(long phoneId) {
                return phones.values().stream().filter(p -> p.getPhoneId() == phoneId).findFirst();
            }

            @Override
            public Optional<Phone> findByKey(long shopId, String eqpSernum) {
                return Optional.ofNullable(phones.get(shopId + "/" + eqpSernum));
            }
        };
        service.phoneLookup = new PhoneLookup() {
            @Override
            public Optional<Phone> askShop(long shopId, String eqpSernum) {
                Optional<Phone> registered = Optional.ofNullable(atTheShop.get(shopId + "/" + eqpSernum));
                registered.ifPresent(service.phones::add);
                return registered;
            }
        };
        service.placementKeys = new PlacementKeyRepository() {
            @Override
            public void add(PlacementKey key) {
                keys.put(key.getKey(), key);
            }

            @Override
            public Optional<PlacementKey> find(String key) {
                return Optional.ofNullable(keys.get(key));
            }
        };
        service.deliveries = new Deliveries() {
            @Override
            public Long open(Order order) {
                deliveryCalls.add("open " + order.getId());
                return 100 + order.getId();
            }

            @Override
            public CancelOutcome cancel(long orderId) {
                deliveryCalls.add("cancel " + orderId);
                return cancelOutcome;
            }

            @Override
            public CompletionStage<Void> discard(long orderId) {
                deliveryCalls.add("discard " + orderId);
                return CompletableFuture.completedFuture(null);
            }
        };
        service.events = published::add;
        service.processedEvents = InMemory.processedEvents();
        service.transactions = (TransactionSynchronizationRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransactionSynchronizationRegistry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerInterposedSynchronization")) {
                        synchronizations.add((Synchronization) args[0]);
                    }
                    return null;
                });
    }

    private static PlaceOrder command(String sernum) {
        return new PlaceOrder("kim", "kim@example.com", SHOP, "galaxy_s21", sernum);
    }

    private void known(String sernum) {
        phones.put(SHOP + "/" + sernum, new Phone(phones.size() + 1, SHOP, "galaxy_s21", sernum, Instant.now()));
    }

    /** Ends the transaction as the server's transaction manager would: each synchronization hears the outcome. */
    private void endTransaction(int status) {
        synchronizations.forEach(s -> s.afterCompletion(status));
        synchronizations.clear();
    }

    @Test
    void aCustomerAtTheActiveOrderLimitIsRefusedBeforeAnythingIsWrittenUntilAnOrderEnds() {
        known("L1");
        known("L2");
        known("L3");
        long first = service.place(command("L1"), null, true).order().getId();
        service.place(command("L2"), null, true);
        assertThat(customerLocks).as("the customer is locked before each count").containsExactly("kim", "kim");
        assertThatThrownBy(() -> service.place(command("L3"), "key-limit", true))
                .isInstanceOf(ActiveOrderLimitException.class);
        assertThat(orders).hasSize(2);
        assertThat(deliveryCalls).as("delivery was not asked").hasSize(2);
        assertThat(published).hasSize(2);
        assertThat(service.place(new PlaceOrder("lee", "lee@example.com", SHOP, "galaxy_s21", "L3"), null, true)
                .order().getCustomerId()).as("another customer's limit is their own").isEqualTo("lee");
        known("L4");
        long unlimited = service.place(command("L4"), null, false).order().getId();

        known("L5");
        service.cancel(first);
        service.cancel(unlimited);
        assertThat(service.place(command("L5"), null, true).order().getEqpSernum())
                .as("a cancelled order is no longer active").isEqualTo("L5");
    }

    @Test
    void placingOpensTheDeliveryPublishesOrderedAndDiscardsTheRequestOnlyIfTheOrderDoesNotCommit() {
        known("SN1");
        OrderService.Placement placement = service.place(command("SN1"), null, false);
        Order order = placement.order();
        assertThat(placement.replayed()).isFalse();
        assertThat(order.getOrderStatus()).isEqualTo(OrderStatus.Ordered);
        assertThat(order.getDeliveryId()).isEqualTo(100 + order.getId());
        assertThat(deliveryCalls).containsExactly("open " + order.getId());
        assertThat(published).singleElement().isInstanceOfSatisfying(Ordered.class,
                e -> assertThat(e.deliveryId()).isEqualTo(100 + order.getId()));
        endTransaction(Status.STATUS_COMMITTED);
        assertThat(deliveryCalls).containsExactly("open " + order.getId());

        known("SN2");
        long second = service.place(command("SN2"), null, false).order().getId();
        endTransaction(Status.STATUS_ROLLEDBACK);
        assertThat(deliveryCalls).as("the request of an order that did not commit")
                .containsExactly("open " + order.getId(), "open " + second, "discard " + second);
    }

    @Test
    void aPhoneNewToTheServiceIsAskedOfTheShopAndAnUnknownOneOrAnotherModelIsRefused() {
        atTheShop.put(SHOP + "/SN3", new Phone(3, SHOP, "galaxy_s21", "SN3", Instant.now()));
        assertThat(service.place(command("SN3"), null, false).order().getEqpSernum()).isEqualTo("SN3");
        assertThat(phones).containsKey(SHOP + "/SN3");

        assertThatThrownBy(() -> service.place(command("SN4"), null, false)).isInstanceOf(UnknownPhoneException.class);
        known("SN5");
        assertThatThrownBy(() -> service.place(new PlaceOrder("kim", null, SHOP, "iphone_17", "SN5"), null, false))
                .isInstanceOf(UnknownPhoneException.class).hasMessageContaining("it is a galaxy_s21");
        assertThat(deliveryCalls).hasSize(1);
    }

    @Test
    void aPhoneWithAnActiveOrderIsRefusedUntilThatOrderIsCancelled() {
        known("SN6");
        long first = service.place(command("SN6"), null, false).order().getId();
        assertThatThrownBy(() -> service.place(command("SN6"), null, false)).isInstanceOf(PhoneAlreadyOrderedException.class);
        assertThat(deliveryCalls).containsExactly("open " + first);

        service.cancel(first);
        assertThat(service.place(command("SN6"), null, false).order().getId()).isNotEqualTo(first);
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstOrderAndTheKeyForAnotherOrderIsRefused() {
        known("SN7");
        Order first = service.place(command("SN7"), "key-1", false).order();
        assertThat(keys.get("key-1").getOrderId()).isEqualTo(first.getId());

        OrderService.Placement again = service.place(command("SN7"), "key-1", false);
        assertThat(again.replayed()).isTrue();
        assertThat(again.order()).isSameAs(first);
        assertThat(service.replay("key-1", command("SN7"))).hasValueSatisfying(p -> assertThat(p.order()).isSameAs(first));
        assertThat(service.replay("key-2", command("SN7"))).isEmpty();
        assertThat(deliveryCalls).containsExactly("open " + first.getId());

        known("SN8");
        assertThatThrownBy(() -> service.place(command("SN8"), "key-1", false)).isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void cancellingAsksDeliveryFirstAndIsRefusedOnceShipped() {
        known("SN9");
        long orderId = service.place(command("SN9"), null, false).order().getId();
        published.clear();

        Order cancelled = service.cancel(orderId);
        assertThat(cancelled.getOrderStatus()).isEqualTo(OrderStatus.OrderCancelled);
        assertThat(deliveryCalls).endsWith("cancel " + orderId);
        assertThat(published).singleElement().isInstanceOf(OrderCancelled.class);

        assertThat(service.cancel(orderId)).isSameAs(cancelled);
        assertThat(deliveryCalls).as("cancelling a cancelled order asks nobody").filteredOn(c -> c.startsWith("cancel"))
                .hasSize(1);
        assertThat(published).hasSize(1);

        known("SN10");
        long shipped = service.place(command("SN10"), null, false).order().getId();
        cancelOutcome = Deliveries.CancelOutcome.ALREADY_SHIPPED;
        assertThatThrownBy(() -> service.cancel(shipped)).isInstanceOf(UnsupportedStateTransitionException.class);
        assertThat(service.find(shipped)).hasValueSatisfying(o -> assertThat(o.getOrderStatus()).isEqualTo(OrderStatus.Ordered));
        assertThatThrownBy(() -> service.cancel(999)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deliverysEventsAreAppliedOnceEach() {
        known("SN11");
        long shipped = service.place(command("SN11"), null, false).order().getId();
        known("SN12");
        long cancelled = service.place(command("SN12"), null, false).order().getId();
        published.clear();

        IncomingEvent started = event("DeliveryStarted");
        service.onDeliveryStarted(started, shipped);
        assertThat(service.find(shipped).orElseThrow().getOrderStatus()).isEqualTo(OrderStatus.DeliveryStarted);

        IncomingEvent deliveryCancelled = event("DeliveryCancelled");
        service.onDeliveryCancelled(deliveryCancelled, cancelled);
        assertThat(service.find(cancelled).orElseThrow().getOrderStatus()).isEqualTo(OrderStatus.OrderCancelled);
        assertThat(published).singleElement().isInstanceOf(OrderCancelled.class);

        // redelivered: dropped, nothing more published or changed
        service.onDeliveryStarted(started, shipped);
        service.onDeliveryCancelled(deliveryCancelled, cancelled);
        assertThat(published).hasSize(1);
        assertThatThrownBy(() -> service.onDeliveryStarted(event("DeliveryStarted"), 999))
                .isInstanceOf(NotFoundException.class);
        assertThat(service.list("kim", 0, 10).orders()).hasSize(2);
        assertThat(service.list("kim", 0, 10).total()).isEqualTo(2);
    }

    private static IncomingEvent event(String type) {
        return new IncomingEvent(UUID.randomUUID(), type, Instant.now(), "1", Json.createObjectBuilder().build());
    }
}
