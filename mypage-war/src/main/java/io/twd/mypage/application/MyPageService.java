package io.twd.mypage.application;

import io.twd.platform.infrastructure.logging.LogText;
import io.twd.mypage.domain.model.mypage.MyPage;
import io.twd.mypage.domain.model.mypage.MyPageRepository;
import io.twd.mypage.domain.model.mypage.OrderStatusEvent;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import io.twd.platform.infrastructure.persistence.RetryOnContention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Application service of the mypage read model (spec requirement 7, docs/architecture.md §1 CQRS): applies
 * order-status events to the order's entry, idempotently, and answers queries.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class MyPageService {

    private static final Logger LOG = Logger.getLogger(MyPageService.class.getName());

    /** The event types the read model is built from. */
    public static final Set<String> EVENT_TYPES = Set.of("Ordered", "OrderCancelled", "DeliveryStarted",
            "DeliveryCancelled");

    @Inject
    MyPageRepository pages;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    Event<MyPageUpdated> updated;

    @Inject
    EventCounter counter;

    @Inject
    MyPageReadCache cache;

    /**
     * Applies one event to its order's entry (creating it if this is the order's first event to
     * arrive), in the caller's (the message-driven bean's) transaction. A redelivered event
     * (same {@code eventId}) changes nothing. Each event is counted as applied or as a dropped
     * duplicate ({@link EventCounter}), once this transaction commits.
     *
     * @param event an order-status event with a numeric {@code orderId}
     * @throws MalformedEventException for another event type or a missing {@code orderId}
     */
    @Transactional
    public void apply(IncomingEvent event) {
        if (!EVENT_TYPES.contains(event.eventType())) {
            throw new MalformedEventException(event.eventId().toString(),
                    "unknown eventType '" + event.eventType() + "' for mypage");
        }
        OrderStatusEvent change = new OrderStatusEvent(event.eventId().toString(), event.eventType(),
                event.occurredAt(), event.number("orderId"), event.optionalString("customerId"),
                event.optionalNumber("shopId"), event.optionalString("eqpNm"), event.optionalString("eqpSernum"),
                event.optionalNumber("deliveryId"));
        if (!processedEvents.firstDelivery(event)) {
            LOG.fine(() -> "Already applied: " + LogText.quote(event.eventType()) + " " + event.eventId());
            counter.duplicate(event.eventType());
            return;
        }
        Optional<MyPage> known = pages.find(change.orderId());
        MyPage page;
        if (known.isPresent()) {
            page = known.get();
            page.apply(change);
        } else {
            page = MyPage.startedBy(change);
            pages.add(page);
        }
        updated.fire(new MyPageUpdated(MyPageView.of(page)));
        counter.applied(event.eventType());
    }

    /**
     * The entry from memory if {@link MyPageReadCache} has it, else from the database (and then
     * kept in memory).
     *
     * @param orderId an order
     * @return its entry, or empty
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<MyPageView> find(long orderId) {
        Optional<MyPageView> cached = cache.get(orderId);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<MyPageView> stored = pages.find(orderId).map(MyPageView::of);
        stored.ifPresent(cache::offer);
        return stored;
    }

    /**
     * @param customerId only this customer's entries, or null for all
     * @param offset     the first item, 0 or more
     * @param limit      most items, 1 or more
     * @return the entries (newest order first) and how many match in all
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public MyPageList list(String customerId, int offset, int limit) {
        return new MyPageList(pages.search(customerId, offset, limit).stream().map(MyPageView::of).toList(),
                pages.count(customerId));
    }

    /**
     * One window of a listing.
     *
     * @param pages the entries
     * @param total how many match in all
     */
    public record MyPageList(List<MyPageView> pages, long total) {
    }
}
