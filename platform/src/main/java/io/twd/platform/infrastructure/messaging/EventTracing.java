package io.twd.platform.infrastructure.messaging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries the trace of a request across the broker and into work done later: the one place
 * where events get their W3C Trace Context (<a href="https://www.w3.org/TR/trace-context/">W3C
 * Trace Context</a>: {@code traceparent}, and {@code tracestate} when present) and where
 * consumers take it back (docs/events.md, "Tracing").
 *
 * <ul>
 *   <li>{@link EventPublisher} writes each event to the outbox in a PRODUCER span
 *       {@code <topic> publish} and keeps that span's context with it; {@link OutboxRelay} sends
 *       it as the JMS string properties {@value #TRACEPARENT} and {@value #TRACESTATE}, written
 *       with the server's OpenTelemetry propagator.</li>
 *   <li>{@link EventDispatch} runs each handler in a CONSUMER span {@code <topic> process} whose
 *       parent is the context read from the message, so that the consumer's database work, the
 *       events it publishes and its REST calls join the publisher's trace.</li>
 *   <li>Work done later for an event (an e-mail sent after the consumer committed) keeps the
 *       {@link #currentTraceparent() traceparent} with its record and runs in a span of its own
 *       under it ({@link #inSpan}).</li>
 * </ul>
 *
 * <p>Span names and attributes follow the OpenTelemetry semantic conventions for messaging
 * ({@code messaging.system}, {@code messaging.destination.name}, {@code messaging.operation.type},
 * {@code messaging.message.id}, {@code messaging.destination.subscription.name}). The
 * OpenTelemetry instance is the server's (MicroProfile Telemetry 2.1): with the SDK disabled
 * (Liberty's default, {@code OTEL_SDK_DISABLED}) every method still works and records nothing.
 */
@ApplicationScoped
public class EventTracing {

    /** JMS string property holding the W3C {@code traceparent} of the publishing span. */
    public static final String TRACEPARENT = "traceparent";
    /** JMS string property holding the W3C {@code tracestate}, when the trace has one. */
    public static final String TRACESTATE = "tracestate";

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> SUBSCRIPTION =
            AttributeKey.stringKey("messaging.destination.subscription.name");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("twd.event.type");

    private static final TextMapGetter<Message> MESSAGE_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message message) {
            try {
                List<String> names = new ArrayList<>();
                for (Object name : Collections.list(message.getPropertyNames())) {
                    names.add(String.valueOf(name));
                }
                return names;
            } catch (JMSException e) {
                return List.of();
            }
        }

        @Override
        public String get(Message message, String key) {
            try {
                return message == null ? null : message.getStringProperty(key);
            } catch (JMSException e) {
                return null; // not a string property: no context
            }
        }
    };

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private Tracer tracer;
    private TextMapPropagator propagator;

    /** For CDI. */
    protected EventTracing() {
    }

    /**
     * @param openTelemetry the server's OpenTelemetry (unresolvable outside a server with
     *     MicroProfile Telemetry: then nothing is recorded)
     */
    @Inject
    EventTracing(Instance<OpenTelemetry> openTelemetry) {
        this(openTelemetry.isResolvable() ? openTelemetry.get() : OpenTelemetry.noop());
    }

    /**
     * @param openTelemetry where spans go and which propagator writes and reads the context
     */
    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.twd.platform.messaging");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * The tracing of the calling application: its CDI bean, or one that records nothing where
     * there is no CDI container (unit tests).
     *
     * @return never null
     */
    static EventTracing current() {
        try {
            return CDI.current().select(EventTracing.class).get();
        } catch (IllegalStateException e) {
            return new EventTracing(OpenTelemetry.noop());
        }
    }

    /**
     * Records an event's publication in a PRODUCER span {@code <topic> publish}, a child of the
     * current span, and writes that span's context into {@code context}, whence the message sent
     * later carries it ({@link #TRACEPARENT}, {@link #TRACESTATE}).
     *
     * @param topic     the topic's name, e.g. {@code order.events}
     * @param eventType the event's type, e.g. {@code Ordered}
     * @param eventId   the event's id (the message id of the conventions)
     * @param context   receives {@value #TRACEPARENT} (and {@value #TRACESTATE}); left empty when
     *     tracing is off
     * @param publish   publishes it (writes it to the outbox) once {@code context} is filled; what
     *     it throws is thrown on, the span marked as failed
     */
    public void publish(String topic, String eventType, String eventId, Map<String, String> context,
                        Runnable publish) {
        Span span = tracer.spanBuilder(topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "activemq")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "publish")
                .setAttribute(MESSAGE_ID, eventId)
                .setAttribute(EVENT_TYPE, eventType)
                .startSpan();
        within(span, () -> {
            propagator.inject(Context.current(), context, Map::put);
            publish.run();
            return null;
        });
    }

    /**
     * Runs a consumer's work in a CONSUMER span {@code <topic> process} whose parent is the
     * context carried by the message (a new trace if it carries none).
     *
     * @param message      the received message
     * @param subscription the durable subscription it came through, e.g. {@code shop.order-events}
     * @param event        the decoded event
     * @param work         the handler; what it throws is thrown on, the span marked as failed
     */
    public void consume(Message message, String subscription, IncomingEvent event, Runnable work) {
        Context parent = propagator.extract(Context.root(), message, MESSAGE_GETTER);
        String topic = topicOf(message, subscription);
        Span span = tracer.spanBuilder(topic + " process")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "activemq")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "process")
                .setAttribute(SUBSCRIPTION, subscription)
                .setAttribute(MESSAGE_ID, event.eventId().toString())
                .setAttribute(EVENT_TYPE, event.eventType())
                .startSpan();
        within(span, () -> {
            work.run();
            return null;
        });
    }

    /**
     * @return the W3C {@code traceparent} of the current span, e.g.
     *     {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01} (55 characters), or
     *     null when there is no sampled span (tracing off)
     */
    public String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Runs work in a span of its own whose parent is a stored {@code traceparent}: work done
     * later, on another thread, for something a traced request or event started.
     *
     * @param name        the span's name, e.g. {@code smtp send}
     * @param kind        its kind, e.g. {@link SpanKind#CLIENT} for a call to another server
     * @param traceparent the parent's W3C {@code traceparent}, or null for a new trace
     * @param work        the work; what it throws is thrown on, the span marked as failed
     * @param <T>         what the work returns
     * @return what the work returned
     */
    public <T> T inSpan(String name, SpanKind kind, String traceparent, Supplier<T> work) {
        Context parent = traceparent == null ? Context.root()
                : propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
        return within(tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan(), work);
    }

    /** Runs work with the span current, marks the span failed if the work throws, and ends it. */
    private static <T> T within(Span span, Supplier<T> work) {
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** A subscription is named {@code <consumer>.<publisher>-events}; its topic {@code <publisher>.events}. */
    private static String topicOf(Message message, String subscription) {
        try {
            if (message.getJMSDestination() instanceof jakarta.jms.Topic topic) {
                return topic.getTopicName();
            }
        } catch (JMSException e) {
            // fall back to the subscription's name
        }
        int dot = subscription.indexOf('.');
        String publisher = subscription.substring(dot + 1);
        return publisher.endsWith("-events")
                ? publisher.substring(0, publisher.length() - "-events".length()) + ".events"
                : subscription;
    }
}
