package io.twd.platform.infrastructure.messaging;

import io.twd.platform.infrastructure.logging.LogText;
import jakarta.jms.Message;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one body of every message-driven bean: decode the message as an {@link IncomingEvent},
 * pick the handler of its {@code eventType} from the consumer's dispatch table, and call it.
 * The bean keeps its own activation (subscription, selector, concurrency in {@code server.xml})
 * and each handler runs its service's own transaction; the dispatch adds none.
 *
 * <p>A message that cannot be decoded, or whose type is not in the table, is logged as a warning
 * naming the subscription and thrown as {@link MalformedEventException}: the delivery rolls back,
 * the broker redelivers it a bounded number of times and then moves it to the dead-letter queue
 * (docs/events.md, "Dead letters"). What a handler throws is thrown on unchanged.
 *
 * <pre>{@code
 * private final EventDispatch dispatch = EventDispatch.of("shop.order-events")
 *         .on("Ordered", event -> policy.apply(event))
 *         .on("OrderCancelled", event -> policy.apply(event));
 *
 * public void onMessage(Message message) {
 *     dispatch.deliver(message);
 * }
 * }</pre>
 */
public final class EventDispatch {

    private static final Logger LOG = Logger.getLogger(EventDispatch.class.getName());

    private final String subscription;
    private final Map<String, Consumer<IncomingEvent>> handlers;
    private volatile EventTracing tracing;
    private volatile EventLagMetrics lags;

    private EventDispatch(String subscription, Map<String, Consumer<IncomingEvent>> handlers) {
        this.subscription = subscription;
        this.handlers = handlers;
    }

    /**
     * @param subscription the durable subscription the bean consumes, e.g. {@code shop.order-events}
     *     (for the log)
     * @return a dispatch with an empty table; add to it with {@link #on(String, Consumer)}
     */
    public static EventDispatch of(String subscription) {
        return new EventDispatch(Objects.requireNonNull(subscription, "subscription"), Map.of());
    }

    /**
     * @param eventType an event type of docs/events.md, e.g. {@code Ordered}
     * @param handler   what to do with such an event; runs in the bean's thread, and its own
     *     transaction if it declares one
     * @return a new dispatch whose table has this entry too
     * @throws IllegalArgumentException if the type has a handler already
     */
    public EventDispatch on(String eventType, Consumer<IncomingEvent> handler) {
        Map<String, Consumer<IncomingEvent>> table = new LinkedHashMap<>(handlers);
        if (table.putIfAbsent(Objects.requireNonNull(eventType, "eventType"),
                Objects.requireNonNull(handler, "handler")) != null) {
            throw new IllegalArgumentException(eventType + " has a handler already on " + subscription);
        }
        return new EventDispatch(subscription, Collections.unmodifiableMap(table));
    }

    /** @return the durable subscription the bean consumes, as given to {@link #of(String)} */
    public String subscription() {
        return subscription;
    }

    /** @return the event types the table handles, in the order they were added */
    public Set<String> eventTypes() {
        return handlers.keySet();
    }

    private EventTracing tracing() {
        EventTracing t = tracing;
        if (t == null) {
            t = EventTracing.current();
            tracing = t;
        }
        return t;
    }

    private EventLagMetrics lags() {
        EventLagMetrics l = lags;
        if (l == null) {
            l = EventLagMetrics.current();
            lags = l;
        }
        return l;
    }

    /**
     * Decodes the message and hands the event to its handler, in a CONSUMER span whose parent is
     * the publisher's span carried by the message ({@link EventTracing#consume}); once the handler
     * returned, its lag from {@code occurredAt} is recorded ({@link EventLagMetrics}).
     *
     * @param message the JMS message the bean received
     * @throws MalformedEventException if the message is not an event of this system or its type has
     *     no handler here (logged, with the subscription)
     * @throws RuntimeException whatever the handler throws, unchanged
     */
    public void deliver(Message message) {
        try {
            IncomingEvent event = IncomingEvent.from(message);
            Consumer<IncomingEvent> handler = handlers.get(event.eventType());
            if (handler == null) {
                throw new MalformedEventException(event.eventId().toString(),
                        "unknown eventType " + LogText.quote(event.eventType()) + " for " + subscription);
            }
            tracing().consume(message, subscription, event, () -> handler.accept(event));
            lags().processed(subscription, event.occurredAt());
        } catch (MalformedEventException e) {
            LOG.log(Level.WARNING, e.getMessage() + " (subscription " + subscription
                    + "; rolled back for redelivery, then DLQ)", e);
            throw e;
        }
    }
}
