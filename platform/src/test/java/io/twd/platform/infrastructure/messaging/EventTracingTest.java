package io.twd.platform.infrastructure.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final EventTracing tracing = new EventTracing(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void theConsumerSpanIsAChildOfThePublishingSpanAcrossTheMessage() {
        Map<String, String> context = new HashMap<>();
        String[] written = new String[1];
        Span request = sdk.getTracer("test").spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = request.makeCurrent()) {
            // what the outbox keeps is written once the context is there
            tracing.publish("order.events", "Ordered", "e-1", context,
                    () -> written[0] = context.get(EventTracing.TRACEPARENT));
        } finally {
            request.end();
        }
        assertThat(written[0]).isNotNull();
        // the relay sends the kept context as the message's properties
        Map<String, Object> properties = new HashMap<>(context);
        Message message = message(properties);

        IncomingEvent event = new IncomingEvent(UUID.randomUUID(), "Ordered", Instant.now(), null, null);
        String[] inside = new String[1];
        tracing.consume(message, "shop.order-events", event, () -> inside[0] = tracing.currentTraceparent());

        SpanData server = span("POST /orders");
        SpanData publish = span("order.events publish");
        SpanData process = span("order.events process");
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(properties.get(EventTracing.TRACEPARENT))
                .isEqualTo("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01");
        assertThat(process.getAttributes().asMap().toString())
                .contains("messaging.destination.subscription.name=shop.order-events", "twd.event.type=Ordered");
        // work done inside the consumer span sees it as its parent
        assertThat(inside[0]).isEqualTo("00-" + process.getTraceId() + "-" + process.getSpanId() + "-01");
    }

    @Test
    void aMessageWithoutContextStartsANewTraceAndAFailureMarksTheSpan() {
        IncomingEvent event = new IncomingEvent(UUID.randomUUID(), "Ordered", Instant.now(), null, null);
        IllegalStateException failure = new IllegalStateException("lock timeout");
        assertThatThrownBy(() -> tracing.consume(message(new HashMap<>()), "shop.order-events", event, () -> {
            throw failure;
        })).isSameAs(failure);
        SpanData process = span("order.events process");
        assertThat(process.getParentSpanContext().isValid()).isFalse();
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void laterWorkRunsUnderTheStoredTraceparent() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String result = tracing.inSpan("smtp send", SpanKind.CLIENT, traceparent, () -> "sent");
        assertThat(result).isEqualTo("sent");
        SpanData send = span("smtp send");
        assertThat(send.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(send.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(send.getKind()).isEqualTo(SpanKind.CLIENT);

        tracing.inSpan("smtp send", SpanKind.CLIENT, null, () -> null);
        assertThat(spans.getFinishedSpanItems()).hasSize(2);
        assertThat(spans.getFinishedSpanItems().get(1).getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void withTracingOffNothingIsWrittenAndWorkStillRuns() {
        EventTracing off = new EventTracing(io.opentelemetry.api.OpenTelemetry.noop());
        Map<String, String> context = new HashMap<>();
        boolean[] written = new boolean[1];
        off.publish("order.events", "Ordered", "e-1", context, () -> written[0] = true);
        assertThat(written[0]).isTrue();
        assertThat(context).isEmpty();
        assertThat(off.currentTraceparent()).isNull();
    }

    private SpanData span(String name) {
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as("spans named " + name).hasSize(1);
        return found.get(0);
    }

    /** A JMS message whose string properties live in the map. */
    private static Message message(Map<String, Object> properties) {
        return (Message) Proxy.newProxyInstance(EventTracingTest.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStringProperty" -> {
                        properties.put((String) args[0], args[1]);
                        yield null;
                    }
                    case "getStringProperty" -> properties.get((String) args[0]);
                    case "getPropertyNames" -> Collections.enumeration(properties.keySet());
                    default -> null;
                });
    }
}
