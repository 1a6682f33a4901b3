package io.twd.mypage.interfaces.rest;

import io.twd.mypage.application.MyPageUpdated;
import io.twd.mypage.application.MyPageView;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Live updates of read-model entries over Server-Sent Events: keeps the open streams per
 * order and pushes each committed change of that order to them as an event named
 * {@value #EVENT_NAME} whose data is the entry's JSON. A change is pushed by the server that
 * applied it, so with several mypage replicas a client sees the changes its replica applied
 * and gets the full entry on (re)connect.
 *
 * <p>Streams are bounded: at most {@code mypage.sse.max-streams} (default 1000) open at once on
 * this server and {@code mypage.sse.max-streams-per-caller} (default 20) per signed-in caller;
 * beyond, a new stream is refused with 503 and {@code Retry-After}. Every
 * {@code mypage.sse.heartbeat.seconds} (default 15) each stream gets an SSE comment, so a stream
 * whose client has gone is found and released even if its order never changes again.
 *
 * <p>A stream lasts no longer than the access token that opened it: when the token expires, the
 * server ends the stream (a last comment says why), so that a token that is no longer valid keeps
 * nobody informed. The client opens a new stream with its current token.
 */
@ApplicationScoped
public class MyPageStream {

    /** The SSE event name of an entry update. */
    public static final String EVENT_NAME = "mypage";

    /** Seconds a client refused for too many streams is asked to wait. */
    static final long RETRY_AFTER_SECONDS = 10;

    private static final Logger LOG = Logger.getLogger(MyPageStream.class.getName());

    /** The SSE comment a stream ends with when the token that opened it expires. */
    public static final String TOKEN_EXPIRED = "the access token that opened this stream has expired";

    /** An open stream, whom it counts against, and the task that ends it when its token expires. */
    private static final class Subscriber {
        private final SseEventSink sink;
        private final String caller;
        private volatile ScheduledFuture<?> expiry;

        Subscriber(SseEventSink sink, String caller) {
            this.sink = sink;
            this.caller = caller;
        }

        SseEventSink sink() {
            return sink;
        }

        String caller() {
            return caller;
        }
    }

    private final Map<Long, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile Sse sse;
    private ScheduledFuture<?> heartbeat;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "mypage.sse.max-streams", defaultValue = "1000")
    int maxStreams;

    @Inject
    @ConfigProperty(name = "mypage.sse.max-streams-per-caller", defaultValue = "20")
    int maxStreamsPerCaller;

    @Inject
    @ConfigProperty(name = "mypage.sse.heartbeat.seconds", defaultValue = "15")
    long heartbeatSeconds;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        heartbeat = scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeatSeconds, heartbeatSeconds,
                TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    /**
     * Registers a client's stream and sends it the current entry, if there is one (otherwise an
     * SSE comment line); the stream ends when its token expires.
     *
     * @param orderId      the order to follow
     * @param caller       the signed-in caller's name, whose streams are counted
     * @param tokenExpires when the access token that opened the stream expires
     * @param sink         the client's stream
     * @param sse          the JAX-RS SSE factory
     * @param current      the entry now, or null if no event of the order arrived yet
     * @throws TooManyStreamsException (503, {@code Retry-After}) if this server or this caller
     *     already has as many streams open as allowed
     */
    public void subscribe(long orderId, String caller, Instant tokenExpires, SseEventSink sink, Sse sse,
                          MyPageView current) {
        this.sse = sse;
        int mine = perCaller.merge(caller, 1, Integer::sum);
        int all = open.incrementAndGet();
        if (all > maxStreams || mine > maxStreamsPerCaller) {
            release(caller);
            throw new TooManyStreamsException(RETRY_AFTER_SECONDS);
        }
        Subscriber subscriber = new Subscriber(sink, caller);
        subscribers.computeIfAbsent(orderId, k -> ConcurrentHashMap.newKeySet()).add(subscriber);
        subscriber.expiry = scheduler.schedule(() -> expire(orderId, subscriber),
                Math.max(0, Duration.between(Instant.now(), tokenExpires).toMillis()), TimeUnit.MILLISECONDS);
        if (current != null) {
            send(orderId, subscriber, event(current));
        } else {
            // a comment, so the client gets the response headers at once
            send(orderId, subscriber, sse.newEventBuilder().comment("following order " + orderId).build());
        }
    }

    /** @return how many streams are open on this server (for tests and health) */
    public int openStreams() {
        return open.get();
    }

    void onUpdate(@Observes(during = TransactionPhase.AFTER_SUCCESS) MyPageUpdated update) {
        Set<Subscriber> streams = subscribers.get(update.view().orderId());
        if (streams == null || sse == null) {
            return;
        }
        OutboundSseEvent event = event(update.view());
        for (Subscriber subscriber : streams) {
            send(update.view().orderId(), subscriber, event);
        }
    }

    /** Sends every open stream a comment: a stream whose client is gone fails and is released. */
    void heartbeat() {
        Sse factory = sse;
        if (factory == null) {
            return;
        }
        OutboundSseEvent beat = factory.newEventBuilder().comment("heartbeat").build();
        subscribers.forEach((orderId, streams) -> streams.forEach(s -> send(orderId, s, beat)));
    }

    private OutboundSseEvent event(MyPageView view) {
        return sse.newEventBuilder().name(EVENT_NAME).id(view.updatedAt().toString())
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(MyPageView.class, view).build();
    }

    private void send(long orderId, Subscriber subscriber, OutboundSseEvent event) {
        if (subscriber.sink().isClosed()) {
            remove(orderId, subscriber);
            return;
        }
        try {
            subscriber.sink().send(event).exceptionally(e -> {
                LOG.fine(() -> "SSE client of order " + orderId + " gone: " + e);
                remove(orderId, subscriber);
                return null;
            });
        } catch (IllegalStateException closed) {
            remove(orderId, subscriber);
        }
    }

    /** Ends a stream whose token has expired, with a last comment that says so. */
    private void expire(long orderId, Subscriber subscriber) {
        Sse factory = sse;
        if (factory != null && !subscriber.sink().isClosed()) {
            try {
                subscriber.sink().send(factory.newEventBuilder().comment(TOKEN_EXPIRED).build());
            } catch (IllegalStateException closed) {
                // gone meanwhile: released below either way
            }
        }
        remove(orderId, subscriber);
    }

    private void remove(long orderId, Subscriber subscriber) {
        boolean[] removed = {false};
        subscribers.computeIfPresent(orderId, (k, set) -> {
            removed[0] = set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            ScheduledFuture<?> expiry = subscriber.expiry;
            if (expiry != null) {
                expiry.cancel(false);
            }
            release(subscriber.caller());
            try {
                subscriber.sink().close();
            } catch (RuntimeException alreadyGone) {
                // closing a broken stream may fail: it is released either way
            }
        }
    }

    private void release(String caller) {
        open.decrementAndGet();
        perCaller.computeIfPresent(caller, (k, count) -> count <= 1 ? null : count - 1);
    }
}
