package io.twd.platform.infrastructure.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts the current trace in every log line: with Liberty's JSON log format
 * ({@code LOG_FORMAT=JSON}) each record written inside a span gets the fields
 * {@code ext_traceId} (32 hex digits) and {@code ext_spanId} (16 hex digits), the ids Zipkin or
 * any OpenTelemetry back end shows, so that a log line leads to its trace and a trace to its log
 * lines. Records written outside a span have neither field.
 *
 * <p>It registers two extensions with Liberty's {@code LogRecordContext} (IBM API
 * {@code com.ibm.websphere.logging.hpel}, which every Liberty server offers to its applications,
 * but which no published artifact holds to compile against: it is called by reflection). Outside
 * Liberty it does nothing.
 */
@ApplicationScoped
public class TraceLogFields {

    /** The extension key of the trace id: JSON field {@code ext_traceId}. */
    public static final String TRACE_ID = "traceId";
    /** The extension key of the span id: JSON field {@code ext_spanId}. */
    public static final String SPAN_ID = "spanId";

    private static final Logger LOG = Logger.getLogger(TraceLogFields.class.getName());
    private static final String CONTEXT = "com.ibm.websphere.logging.hpel.LogRecordContext";

    private final List<String> registered = new ArrayList<>();
    /** LogRecordContext holds its extensions by weak reference: these keep them alive. */
    private final List<Object> extensions = new ArrayList<>();

    /** Registers the fields when the application starts. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        register(TRACE_ID, SpanContext::getTraceId);
        register(SPAN_ID, SpanContext::getSpanId);
    }

    /** @return the field of the current span, or null outside a valid span */
    private static String valueOf(Function<SpanContext, String> field) {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? field.apply(span) : null;
    }

    private synchronized void register(String key, Function<SpanContext, String> field) {
        try {
            Class<?> context = Class.forName(CONTEXT, true, getClass().getClassLoader());
            Class<?> extension = Class.forName(CONTEXT + "$Extension", true, context.getClassLoader());
            Object value = Proxy.newProxyInstance(extension.getClassLoader(), new Class<?>[] {extension},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getValue" -> valueOf(field);
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "trace log field " + key;
                    });
            Method unregister = context.getMethod("unregisterExtension", String.class);
            unregister.invoke(null, key); // left by an earlier run of the application, if any
            context.getMethod("registerExtension", String.class, extension).invoke(null, key, value);
            registered.add(key);
            extensions.add(value);
            LOG.info(() -> "Log lines written in a span carry ext_" + key);
        } catch (ClassNotFoundException e) {
            LOG.info(() -> "No Liberty LogRecordContext here: log lines carry no ext_" + key);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            LOG.log(Level.WARNING, "Cannot add " + key + " to the log lines", cause);
        }
    }

    @PreDestroy
    synchronized void unregister() {
        for (String key : registered) {
            try {
                Class.forName(CONTEXT, true, getClass().getClassLoader())
                        .getMethod("unregisterExtension", String.class).invoke(null, key);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "Cannot remove " + key + " from the log lines", e);
            }
        }
        registered.clear();
        extensions.clear();
    }
}
