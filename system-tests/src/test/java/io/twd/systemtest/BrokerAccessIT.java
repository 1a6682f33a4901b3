package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twd.testkit.EventSender;
import io.twd.testkit.TwdSystem;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Least privilege on the broker ({@code broker/etc/broker.xml}, {@code artemis-roles.properties}):
 * every service logs in as its own user, may publish only to its own topic, consume only its own
 * subscriptions, neither manage the broker nor read dead letters, and gets nothing on an address
 * that broker.xml does not declare (only temporary queues, as its readiness check makes one). The five servers run with
 * these users (each is ready, so each created and consumes its subscriptions and publishes through
 * its own login); this test logs in as each service and checks every refusal, each time against a
 * permitted action of the same login, so that no refusal passes because the login itself failed.
 */
@ExtendWith(SignedInSystem.class)
class BrokerAccessIT {

    /** Each service's local broker password ({@code broker/etc/artemis-users.properties}). */
    private static final String LOCAL_PASSWORD_SUFFIX = "-local";

    /** The topic each publishing service owns. */
    private static final Map<String, String> OWN_TOPIC = Map.of("shop", "shop.events", "order", "order.events",
            "delivery", "delivery.events");

    private static final List<String> TOPICS = List.of("shop.events", "order.events", "delivery.events");

    private static TwdSystem system;

    @BeforeAll
    static void start(TwdSystem started) {
        system = started;
        system.start(TwdSystem.SERVICES.toArray(String[]::new));
        for (String service : TwdSystem.SERVICES) {
            // ready: its broker check, warm-up and message-driven beans ran with its own login
            given().get(system.url(service) + "/health/ready").then().statusCode(200);
        }
    }

    @Test
    void aServicePublishesOnlyToItsOwnTopic() {
        for (String service : TwdSystem.SERVICES) {
            for (String topic : TOPICS) {
                if (topic.equals(OWN_TOPIC.get(service))) {
                    continue; // the running system proves this one: its events reach their consumers
                }
                refused(service, "send to " + topic,
                        context -> context.createProducer().send(context.createTopic(topic), "{\"forged\":true}"));
            }
        }
    }

    @Test
    void aServiceConsumesOnlyItsOwnSubscriptions() {
        // mypage's own subscription on order.events, with its own selector (docs/events.md): any
        // other service joining it would take mypage's events
        String mypageSelector = "eventType IN ('Ordered', 'OrderCancelled')";
        for (String service : List.of("shop", "order", "delivery", "message")) {
            refused(service, "join mypage's subscription", context -> context
                    .createSharedDurableConsumer(context.createTopic("order.events"), "mypage.order-events", mypageSelector)
                    .close());
        }
        // a subscription of its own name that broker.xml does not give it
        for (String service : TwdSystem.SERVICES) {
            refused(service, "open a new subscription", context -> context
                    .createSharedDurableConsumer(context.createTopic("order.events"), service + ".extra").close());
        }
    }

    @Test
    void noServiceTouchesDeadLettersOrManagesTheBroker() {
        for (String service : TwdSystem.SERVICES) {
            // the dead-letter queues DLQ.<topic> are bound to the address DLA, whose rights are
            // the operator's alone, as are those of ExpiryQueue (defined in broker.xml, so it exists)
            refused(service, "send to the dead-letter address",
                    context -> context.createProducer().send(context.createQueue("DLA"), "{}"));
            refused(service, "read the expired messages",
                    context -> context.createConsumer(context.createQueue("ExpiryQueue")).receiveNoWait());
            refused(service, "browse the expired messages", context -> {
                // a browser opens its consumer when it is first read
                try {
                    context.createBrowser(context.createQueue("ExpiryQueue")).getEnumeration().hasMoreElements();
                } catch (JMSSecurityException e) {
                    throw new JMSSecurityRuntimeException(e.getMessage(), e.getErrorCode(), e);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            refused(service, "send a management request",
                    context -> context.createProducer().send(context.createQueue("activemq.management"), "{}"));
        }
    }

    @Test
    void aServiceGetsNothingOutsideTheAddressesDeclaredForIt() throws Exception {
        for (String service : TwdSystem.SERVICES) {
            String address = "undeclared." + service;
            refused(service, "send to an address nobody declared (auto-created)",
                    context -> context.createProducer().send(context.createQueue(address), "{}"));
            refused(service, "consume from an address nobody declared",
                    context -> context.createConsumer(context.createQueue(address + ".in")).receiveNoWait());
            refused(service, "subscribe to an address nobody declared",
                    context -> context.createConsumer(context.createTopic(address + ".topic")).close());
            refused(service, "send to another service's consumers' queue address by name",
                    context -> context.createProducer().send(context.createQueue("mypage.order-events"), "{}"));
        }
        // and none of the attempts left a queue behind
        try (EventSender operator = new EventSender(system.broker().connectionFactory())) {
            assertThat(operator.queueNames()).noneMatch(queue -> queue.startsWith("undeclared."));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        ConnectionFactory wrong = system.broker().connectionFactory("order", "not-the-password");
        assertThatThrownBy(() -> wrong.createContext().close()).isInstanceOf(JMSSecurityRuntimeException.class);
        ConnectionFactory operatorNamedAsService = system.broker().connectionFactory("order", "twd");
        assertThatThrownBy(() -> operatorNamedAsService.createContext().close())
                .isInstanceOf(JMSSecurityRuntimeException.class);
    }

    /**
     * Asserts that {@code service}'s login may do what every service may (a temporary queue, as its
     * readiness check does) and is refused {@code action} with a security exception.
     */
    private static void refused(String service, String what, Consumer<JMSContext> action) {
        ConnectionFactory factory = system.broker().connectionFactory(service, service + LOCAL_PASSWORD_SUFFIX);
        try (JMSContext context = factory.createContext()) {
            context.createTemporaryQueue(); // permitted: the login works
            assertThatThrownBy(() -> action.accept(context)).as("%s may %s", service, what)
                    .isInstanceOf(JMSSecurityRuntimeException.class)
                    .hasMessageContaining("does not have permission");
        }
    }
}
