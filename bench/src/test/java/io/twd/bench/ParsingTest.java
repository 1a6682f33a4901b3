package io.twd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the benchmark reads from the broker, the services' metrics and wrk. */
class ParsingTest {

    @Test
    void theBrokersQueuesAreSplitIntoSubscriptionsAndDeadLetters() throws Exception {
        String listQueues = """
                {"data":[
                  {"name":"mypage\\\\.order-events","address":"order.events","messageCount":"12"},
                  {"name":"delivery.delivery.order-events","address":"order.events","messageCount":"3"},
                  {"name":"DLQ.order.events","address":"DLA","messageCount":"2"},
                  {"name":"bench.perf","address":"bench.perf","messageCount":"900"}
                ],"count":4}
                """;
        BrokerQueues.Depths depths = BrokerQueues.parse(listQueues);
        assertEquals(Map.of("mypage.order-events", 12L, "delivery.delivery.order-events", 3L), depths.subscriptions());
        assertEquals(15, depths.pending());
        assertEquals(2, depths.deadLetters());
    }

    @Test
    void theOutboxBacklogIsTheSumOfTheServicesWaitingEventsAndNotifications() {
        String oneServer = """
                # HELP outbox_events_waiting Events waiting in the service's outbox to be sent to the broker
                # TYPE outbox_events_waiting gauge
                outbox_events_waiting{mp_scope="application",service="shop",} 120.0
                outbox_events_waiting{mp_scope="application",service="order",} 3.0
                outbox_events_waiting_other{mp_scope="application",} 7.0
                outbox_events_parked{mp_scope="application",service="order",} 1.0
                # TYPE notifications_waiting gauge
                notifications_waiting{mp_scope="application",} 40.0
                """;
        assertEquals(163.0, OutboxBacklog.parse(oneServer), "the events and the e-mails waiting");
        assertEquals(0.0, OutboxBacklog.parse("outbox_events_parked{mp_scope=\"application\",} 4.0\n"),
                "a server without an outbox waits for nothing");
        assertTrue(Double.isNaN(OutboxBacklog.parse("outbox_events_waiting{mp_scope=\"application\",} NaN\n")),
                "an outbox that could not be counted is not empty");
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
