package io.twd.mypage.interfaces.rest;

import io.twd.mypage.application.MyPageUpdated;
import io.twd.mypage.application.MyPageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Live updates of read-model entries over Server-Sent Events: keeps the open streams per
 * order and pushes each committed change of that order to them as an event named
 * {@value #EVENT_NAME} whose data is the entry's JSON. A change is pushed by the server that
 * applied it, so with several mypage replicas a client sees the changes its replica applied
 * and gets the full entry on (re)connect.
 */
@ApplicationScoped
public class MyPageStream {

    /** The SSE event name of an entry update. */
    public static final String EVENT_NAME = "mypage";

    private static final Logger LOG = Logger.getLogger(MyPageStream.class.getName());

    private final Map<Long, Set<SseEventSink>> sinks = new ConcurrentHashMap<>();
    private volatile Sse sse;

    /**
     * Registers a client's stream and sends it the current entry, if there is one (otherwise an
     * SSE comment line).
     *
     * @param orderId the order to follow
     * @param sink    the client's stream
     * @param sse     the JAX-RS SSE factory
     * @param current the entry now, or null if no event of the order arrived yet
     */
    public void subscribe(long orderId, SseEventSink sink, Sse sse, MyPageView current) {
        this.sse = sse;
        sinks.computeIfAbsent(orderId, k -> ConcurrentHashMap.newKeySet()).add(sink);
        if (current != null) {
            send(orderId, sink, current);
        } else {
            // a comment, so the client gets the response headers at once
            sink.send(sse.newEventBuilder().comment("following order " + orderId).build());
        }
    }

    void onUpdate(@Observes(during = TransactionPhase.AFTER_SUCCESS) MyPageUpdated update) {
        Set<SseEventSink> streams = sinks.get(update.view().orderId());
        if (streams == null || sse == null) {
            return;
        }
        for (SseEventSink sink : streams) {
            send(update.view().orderId(), sink, update.view());
        }
    }

    private void send(long orderId, SseEventSink sink, MyPageView view) {
        if (sink.isClosed()) {
            remove(orderId, sink);
            return;
        }
        OutboundSseEvent event = sse.newEventBuilder().name(EVENT_NAME).id(view.updatedAt().toString())
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(MyPageView.class, view).build();
        sink.send(event).exceptionally(e -> {
            LOG.fine(() -> "SSE client of order " + orderId + " gone: " + e);
            remove(orderId, sink);
            return null;
        });
    }

    private void remove(long orderId, SseEventSink sink) {
        sinks.computeIfPresent(orderId, (k, set) -> {
            set.remove(sink);
            return set.isEmpty() ? null : set;
        });
    }
}
