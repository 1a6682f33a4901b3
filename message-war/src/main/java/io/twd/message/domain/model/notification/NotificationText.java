package io.twd.message.domain.model.notification;

import java.util.Locale;

/**
 * The words the customer reads for each change of an order (spec requirement 8): which phone,
 * what happened, and what happens next.
 *
 * @param subject the e-mail subject
 * @param body    the message text
 */
public record NotificationText(String subject, String body) {

    /**
     * @param eventType  {@code Ordered}, {@code OrderCancelled} or {@code DeliveryStarted}
     * @param orderId    the order
     * @param eqpNm      the phone model, may be null
     * @param deliveryId the delivery, may be null
     * @return the text for that status change
     * @throws IllegalArgumentException for another event type
     */
    public static NotificationText of(String eventType, long orderId, String eqpNm, Long deliveryId) {
        String phone = eqpNm == null ? "phone" : eqpNm;
        String delivery = deliveryId == null ? "" : String.format(Locale.ROOT, " (delivery %d)", deliveryId);
        return switch (eventType) {
            case "Ordered" -> new NotificationText("Order " + orderId + " placed",
                    "Your order " + orderId + " for a " + phone + " has been placed. We will tell you when it ships;"
                            + " until then you can cancel it.");
            case "OrderCancelled" -> new NotificationText("Order " + orderId + " cancelled",
                    "Your order " + orderId + " for a " + phone + " has been cancelled, and its delivery with it:"
                            + " nothing will be shipped.");
            case "DeliveryStarted" -> new NotificationText("Order " + orderId + " shipped",
                    "Your " + phone + " of order " + orderId + " is on its way" + delivery + "."
                            + " A shipped order can no longer be cancelled.");
            default -> throw new IllegalArgumentException("no notification for event type " + eventType);
        };
    }
}
