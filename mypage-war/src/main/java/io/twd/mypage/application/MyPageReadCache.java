package io.twd.mypage.application;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The read model's entries in memory, for {@code GET /mypages/{orderId}}: the entries most
 * recently read or changed, at most {@code mypage.read-cache.size} of them (least recently used
 * dropped first; 0, the default, turns the cache off). The database stays the source of truth:
 * a miss reads it, and a restart starts empty.
 *
 * <p>It is kept current by this server's own consumer: every change is offered after its
 * transaction commits ({@link MyPageUpdated}). Of two states of one entry the one with more
 * applied events wins (an entry only ever gains events, one per committed transaction), so a
 * read that loaded an older state from the database while a change committed never replaces
 * the newer one.
 *
 * <p>Only correct where one server applies all of the read model's changes (the local system,
 * {@code ./twd up}): with several replicas on one durable shared subscription, each consumes a
 * share of the events and would not see the others' changes. The cluster leaves it off.
 */
@ApplicationScoped
public class MyPageReadCache {

    @Inject
    @ConfigProperty(name = "mypage.read-cache.size", defaultValue = "0")
    int capacity;

    private Map<Long, MyPageView> entries = Map.of();

    @PostConstruct
    void create() {
        int max = capacity;
        entries = Collections.synchronizedMap(new LinkedHashMap<>(Math.min(max, 1024) + 1, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, MyPageView> eldest) {
                return size() > max;
            }
        });
    }

    /** @return whether the cache is on ({@code mypage.read-cache.size} above 0) */
    public boolean enabled() {
        return capacity > 0;
    }

    /**
     * @param orderId an order
     * @return its entry if cached; empty if not, or if the cache is off
     */
    public Optional<MyPageView> get(long orderId) {
        return enabled() ? Optional.ofNullable(entries.get(orderId)) : Optional.empty();
    }

    /**
     * Keeps a committed state of an entry, unless a newer one (more applied events) is cached.
     *
     * @param view a state read from the database or just committed
     */
    public void offer(MyPageView view) {
        if (enabled()) {
            entries.merge(view.orderId(), view, (cached, offered) -> newer(offered, cached) ? offered : cached);
        }
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) MyPageUpdated update) {
        offer(update.view());
    }

    /** @return how many entries are cached */
    public int size() {
        return entries.size();
    }

    /**
     * @param a a state of an entry
     * @param b another state of the same entry
     * @return whether {@code a} has more applied events than {@code b}
     */
    static boolean newer(MyPageView a, MyPageView b) {
        return a.history().size() > b.history().size();
    }
}
