package io.twd.shop.domain.model.phone;

/**
 * How far an order for a phone has gone, as far as the shop knows from the order and delivery
 * events. Stages only move forward by {@link #rank() rank}, so the shop ends in the same state
 * whatever order the events arrive in.
 */
public enum OrderStage {
    /** {@code Ordered} received: the order holds the phone. */
    Ordered(1),
    /** {@code OrderCancelled} received: the order no longer holds the phone. Terminal. */
    Cancelled(2),
    /**
     * {@code DeliveryStarted} received: the phone has left the shop. Terminal, and it beats
     * {@link #Cancelled} (a phone that has physically shipped does not come back by a message;
     * the order service never cancels a shipped order anyway).
     */
    Shipped(3);

    private final int rank;

    OrderStage(int rank) {
        this.rank = rank;
    }

    /** @return the precedence of this stage: 1 (Ordered) to 3 (Shipped); a higher rank wins */
    public int rank() {
        return rank;
    }

    /**
     * @param other another stage, or null
     * @return the stage with the higher rank (this one if {@code other} is null)
     */
    public OrderStage max(OrderStage other) {
        return other == null || rank >= other.rank ? this : other;
    }
}
