package io.twd.shop.domain.model.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An order as the shop knows it: its stage only moves up, whatever order its events arrive in. */
class PhoneOrderTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void theStageMovesOnlyToAHigherRankAndSaysWhenItChanged() {
        PhoneOrder order = new PhoneOrder(42, 1, "SN1", OrderStage.Ordered, T0);
        assertThat(order.getStage()).isEqualTo(OrderStage.Ordered);
        assertThat(order.getOrderedAt()).isEqualTo(T0);

        assertThat(order.advance(OrderStage.Ordered, T0.plusSeconds(1))).as("the same stage again").isFalse();
        assertThat(order.advance(OrderStage.Cancelled, T0.plusSeconds(2))).isTrue();
        assertThat(order.getStage()).isEqualTo(OrderStage.Cancelled);
        assertThat(order.advance(OrderStage.Ordered, T0.plusSeconds(3))).as("a late Ordered").isFalse();
        assertThat(order.getStage()).isEqualTo(OrderStage.Cancelled);
        assertThat(order.advance(OrderStage.Shipped, T0.plusSeconds(4))).isTrue();
        assertThat(order.advance(OrderStage.Cancelled, T0.plusSeconds(5))).as("shipped is final").isFalse();
        assertThat(order.getStage()).isEqualTo(OrderStage.Shipped);
    }

    @Test
    void orderedAtIsTheOrderedEventsTimeWhenEverItArrives() {
        PhoneOrder cancelledFirst = new PhoneOrder(43, 1, "SN1", OrderStage.Cancelled, T0.plusSeconds(5));
        assertThat(cancelledFirst.getOrderedAt()).as("not known before Ordered arrives").isNull();
        cancelledFirst.advance(OrderStage.Ordered, T0);
        assertThat(cancelledFirst.getOrderedAt()).isEqualTo(T0);

        PhoneOrder ordered = new PhoneOrder(44, 1, "SN1", OrderStage.Ordered, T0.plusSeconds(1));
        ordered.advance(OrderStage.Ordered, T0.plusSeconds(9));
        assertThat(ordered.getOrderedAt()).as("a later copy does not move it").isEqualTo(T0.plusSeconds(1));
        ordered.advance(OrderStage.Ordered, T0);
        assertThat(ordered.getOrderedAt()).as("the earliest wins").isEqualTo(T0);
    }

    @Test
    void maxIsTheHigherRankAndThisOneOnATie() {
        assertThat(OrderStage.Ordered.max(OrderStage.Cancelled)).isEqualTo(OrderStage.Cancelled);
        assertThat(OrderStage.Shipped.max(OrderStage.Cancelled)).isEqualTo(OrderStage.Shipped);
        assertThat(OrderStage.Cancelled.max(OrderStage.Cancelled)).isSameAs(OrderStage.Cancelled);
        assertThat(OrderStage.Ordered.max(null)).isEqualTo(OrderStage.Ordered);
        assertThat(OrderStage.Ordered.rank()).isLessThan(OrderStage.Cancelled.rank());
        assertThat(OrderStage.Cancelled.rank()).isLessThan(OrderStage.Shipped.rank());
    }
}
