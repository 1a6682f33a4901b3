package io.twd.platform.infrastructure.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventDispatchTest {

    private final List<String> handled = new ArrayList<>();

    private final EventDispatch dispatch = EventDispatch.of("shop.order-events")
            .on("Ordered", event -> handled.add("ordered " + event.number("orderId")))
            .on("OrderCancelled", event -> handled.add("cancelled " + event.number("orderId")));

    @Test
    void eachEventGoesToTheHandlerOfItsType() {
        dispatch.deliver(text(event("Ordered", 7)));
        dispatch.deliver(text(event("OrderCancelled", 7)));
        assertEquals(List.of("ordered 7", "cancelled 7"), handled);
        assertEquals(Set.of("Ordered", "OrderCancelled"), dispatch.eventTypes());
    }

    @Test
    void aTypeOutsideTheTableIsMalformedAndHandledByNoOne() {
        MalformedEventException refused = assertThrows(MalformedEventException.class,
                () -> dispatch.deliver(text(event("OrderPaid", 7))));
        assertTrue(refused.getMessage().contains("unknown eventType \"OrderPaid\" for shop.order-events"),
                refused.getMessage());
        assertThrows(MalformedEventException.class, () -> dispatch.deliver(text("{not json")));
        assertEquals(List.of(), handled);
    }

    @Test
    void aForgedTypeCannotBreakTheLogLineItIsLoggedIn() {
        List<String> logged = new java.util.ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(EventDispatch.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            // the JSON escape \\n: a line break in the decoded type
            String forged = "OrderPaid\\n[12/7/26 10:00:00:000 UTC] 0000002a OrderService I Order 7 shipped";
            assertThrows(MalformedEventException.class, () -> dispatch.deliver(text(event(forged, 7))));
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, logged.size());
        assertTrue(!logged.get(0).contains("\n") && logged.get(0).contains("\"OrderPaid\\n[12/7/26"), logged.get(0));
    }

    @Test
    void whatAHandlerThrowsIsThrownOnUnchanged() {
        IllegalStateException failure = new IllegalStateException("lock timeout");
        EventDispatch failing = EventDispatch.of("s").on("Ordered", event -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IllegalStateException.class, () -> failing.deliver(text(event("Ordered", 1)))));
        // a field the handler needs and the event lacks is malformed too
        EventDispatch strict = EventDispatch.of("s").on("Ordered", event -> event.number("shopId"));
        assertThrows(MalformedEventException.class, () -> strict.deliver(text(event("Ordered", 1))));
    }

    @Test
    void aTypeHasOneHandler() {
        assertThrows(IllegalArgumentException.class, () -> dispatch.on("Ordered", event -> { }));
    }

    private static String event(String type, long orderId) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"" + type
                + "\",\"occurredAt\":\"2026-12-01T10:00:00Z\",\"orderId\":" + orderId + "}";
    }

    /** A JMS text message with this body, as the resource adapter hands one to a bean. */
    private static Message text(String body) {
        return (Message) Proxy.newProxyInstance(EventDispatchTest.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getText" -> body;
                    case "getJMSMessageID" -> "ID:1";
                    default -> null;
                });
    }
}
