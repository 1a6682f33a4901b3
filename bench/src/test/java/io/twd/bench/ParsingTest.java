package io.twd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the benchmark reads from the broker, the services' metrics and wrk. */
class ParsingTest {

    @Test
    void theBrokersQueuesAreSplitIntoSubscriptionsAndDeadLetters() {
        String text = """
                # HELP artemis_message_count messages
                artemis_message_count{address="order.events",queue="mypage.order-events",} 12.0
                artemis_message_count{address="order.events",queue="shop.order-events",} 3.0
                artemis_message_count{address="DLA",queue="DLQ.order.events",} 2.0
                artemis_message_count{address="bench.perf",queue="bench.perf",} 900.0
                artemis_delivering_count{address="order.events",queue="mypage.order-events",} 5.0
                """;
        BrokerQueues.Depths depths = BrokerQueues.parse(text);
        assertEquals(Map.of("mypage.order-events", 12L, "shop.order-events", 3L), depths.subscriptions());
        assertEquals(15, depths.pending());
        assertEquals(2, depths.deadLetters());
    }

    @Test
    void theEventLagOfAWindowIsTheDifferenceOfTwoScrapes() {
        String before = """
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="0.01"} 10
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="0.1"} 10
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="1.0"} 10
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="+Inf"} 10
                events_lag_seconds_count{mp_scope="application",subscription="mypage.order-events"} 10
                events_lag_seconds_sum{mp_scope="application",subscription="mypage.order-events"} 0.05
                """;
        // then 100 more events: 50 within 10 ms, 40 more within 100 ms, 10 more within 1 s
        String after = """
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="0.01"} 60
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="0.1"} 100
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="1.0"} 110
                events_lag_seconds_bucket{mp_scope="application",subscription="mypage.order-events",le="+Inf"} 110
                events_lag_seconds_count{mp_scope="application",subscription="mypage.order-events"} 110
                events_lag_seconds_sum{mp_scope="application",subscription="mypage.order-events"} 5.05
                """;
        Map<String, EventLags.Lag> lags = EventLags.between(EventLags.parse(before), EventLags.parse(after));
        EventLags.Lag lag = lags.get("mypage.order-events");
        assertEquals(100, lag.events());
        assertEquals(50.0, lag.meanMs(), 1e-9);
        assertEquals(10.0, lag.p50Ms(), 1e-9);             // the 50th event is the last of the first bucket
        assertEquals(100 + 900 * 0.9, lag.p99Ms(), 1e-6);  // 9 of the 10 events of (0.1, 1] s
        assertTrue(EventLags.between(EventLags.parse(after), EventLags.parse(after)).isEmpty(), "no events, no lag");
    }

    @Test
    void wrksLineGivesTheAnswersByStatus() {
        Wrk.Figures f = Wrk.parse("wrk ...", "Running 3m test\ntwd-wrk requests=1000 micros=10000000 socket=2 p50=150000 "
                + "p99=480000 max=900000 statuses=201:990,503:10\n");
        assertEquals(1000, f.requests());
        assertEquals(10.0, f.seconds(), 1e-9);
        assertEquals(100.0, f.perSecond(), 1e-9);
        assertEquals(990, f.accepted());
        assertEquals(Map.of(503, 10L), f.refused());
        assertEquals(150.0, f.p50Ms(), 1e-9);
        assertEquals(2, f.socketErrors());
    }
}
