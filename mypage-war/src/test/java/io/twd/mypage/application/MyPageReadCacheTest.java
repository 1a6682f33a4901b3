package io.twd.mypage.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MyPageReadCacheTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void ofTwoStatesOfAnEntryTheOneWithMoreEventsIsKeptWhateverTheOrderTheyArrive() {
        MyPageReadCache cache = cache(10);
        MyPageView ordered = view(1, "Ordered");
        MyPageView shipped = view(1, "Ordered", "DeliveryStarted");

        cache.offer(shipped);   // the consumer's commit
        cache.offer(ordered);   // a read that loaded the older state before that commit
        assertEquals(Optional.of(shipped), cache.get(1));

        MyPageReadCache other = cache(10);
        other.offer(ordered);
        other.offer(shipped);
        assertEquals(Optional.of(shipped), other.get(1));
    }

    @Test
    void aCommittedChangeReplacesTheCachedState() {
        MyPageReadCache cache = cache(10);
        cache.offer(view(1, "Ordered"));

        MyPageView cancelled = view(1, "Ordered", "OrderCancelled");
        cache.onCommitted(new MyPageUpdated(cancelled));

        assertEquals(Optional.of(cancelled), cache.get(1));
    }

    @Test
    void holdsAtMostItsSizeDroppingTheLeastRecentlyUsed() {
        MyPageReadCache cache = cache(2);
        cache.offer(view(1, "Ordered"));
        cache.offer(view(2, "Ordered"));
        cache.get(1);                      // 2 is now the least recently used
        cache.offer(view(3, "Ordered"));

        assertEquals(2, cache.size());
        assertTrue(cache.get(1).isPresent());
        assertFalse(cache.get(2).isPresent());
        assertTrue(cache.get(3).isPresent());
    }

    @Test
    void sizeZeroTurnsItOff() {
        MyPageReadCache cache = cache(0);
        cache.offer(view(1, "Ordered"));

        assertFalse(cache.enabled());
        assertEquals(Optional.empty(), cache.get(1));
    }

    private static MyPageReadCache cache(int size) {
        MyPageReadCache cache = new MyPageReadCache();
        cache.capacity = size;
        cache.create();
        return cache;
    }

    private static MyPageView view(long orderId, String... statuses) {
        List<MyPageView.Change> history = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            history.add(new MyPageView.Change(statuses[i], T0.plusSeconds(i), "e" + orderId + "-" + i));
        }
        String last = statuses[statuses.length - 1];
        return new MyPageView(orderId, "kim", 1L, "galaxy_s21", "s" + orderId, last, "Ordered", null, null,
                history, T0.plusSeconds(statuses.length - 1));
    }
}
