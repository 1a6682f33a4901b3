package io.twd.mypage.application;

import io.twd.mypage.domain.model.mypage.MyPage;
import io.twd.mypage.domain.model.mypage.MyPageRepository;
import io.twd.platform.testing.InMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The real {@link MyPageService} over an in-memory read model, for the consumer contract tests. */
public final class InMemoryMyPages {

    private final Map<Long, MyPage> pages = new HashMap<>();
    private final List<MyPageUpdated> updates = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();
    private final List<String> duplicates = new ArrayList<>();
    private final MyPageService service = new MyPageService();

    /** A service with no page yet. */
    public InMemoryMyPages() {
        service.pages = new MyPageRepository() {
            @Override
            public Optional<MyPage> find(long orderId) {
                return Optional.ofNullable(pages.get(orderId));
            }

            @Override
            public void add(MyPage page) {
                pages.put(page.getOrderId(), page);
            }

            @Override
            public List<MyPage> search(String customerId, int offset, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long count(String customerId) {
                throw new UnsupportedOperationException();
            }
        };
        service.processedEvents = InMemory.processedEvents();
        service.updated = InMemory.events(updates);
        service.cache = new MyPageReadCache();  // off (size 0), as on the cluster
        service.counter = new EventCounter() {
            @Override
            public void applied(String eventType) {
                applied.add(eventType);
            }

            @Override
            public void duplicate(String eventType) {
                duplicates.add(eventType);
            }
        };
    }

    /** @return the service */
    public MyPageService service() {
        return service;
    }

    /** @return the types of the events counted as applied, in order */
    public List<String> applied() {
        return applied;
    }

    /** @return the types of the events counted as dropped duplicates, in order */
    public List<String> duplicates() {
        return duplicates;
    }

    /** @return the pages as published after each change, in order */
    public List<MyPageView> updates() {
        return updates.stream().map(MyPageUpdated::view).toList();
    }
}
