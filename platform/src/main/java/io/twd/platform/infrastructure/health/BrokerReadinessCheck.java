package io.twd.platform.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP only while the message broker answers a round trip (a temporary queue is
 * created and dropped), so a service that could not publish its events takes no traffic.
 * Bounded by the resource adapter's reconnect settings (a few seconds).
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    // a reference (java:comp/env): the server's jms/twd/events, or the factory the one server binds to the service
    @Resource(name = "jms/twd/events")
    ConnectionFactory connectionFactory;

    /** @return UP when the broker answered, DOWN with the error otherwise */
    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("broker");
        try (JMSContext context = connectionFactory.createContext()) {
            context.createTemporaryQueue().delete();
            return response.up().build();
        } catch (JMSRuntimeException | jakarta.jms.JMSException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e)).build();
        }
    }
}
