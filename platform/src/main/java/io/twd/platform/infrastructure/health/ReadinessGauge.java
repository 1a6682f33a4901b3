package io.twd.platform.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * The server's readiness as a metric, for alerting on a server that answers but cannot serve
 * (its database or the broker out of reach, its warm-up not done): the application gauge
 * {@value #NAME} (Prometheus {@code readiness_status{mp_scope="application"}}) is 1 when every
 * readiness check of the application ({@code GET /health/ready}) is UP, and 0 otherwise,
 * evaluated at each scrape. The alert {@code TwdServiceNotReady}
 * ({@code monitoring/prometheus/alerts.yml}) fires on 0.
 */
@ApplicationScoped
public class ReadinessGauge {

    /** The gauge's name. */
    public static final String NAME = "readiness.status";

    private static final Logger LOG = Logger.getLogger(ReadinessGauge.class.getName());

    private static final Metadata METADATA = Metadata.builder().withName(NAME)
            .withDescription("1 when every readiness check of this server is UP (as GET /health/ready), else 0")
            .withUnit(MetricUnits.NONE).build();

    @Inject
    MetricRegistry registry;

    @Inject
    @Any
    @Readiness
    Instance<HealthCheck> checks;

    /** Registers the gauge when the application starts. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        registry.gauge(METADATA, this, ReadinessGauge::value);
    }

    /**
     * @return 1 if every readiness check answers UP, 0 if one answers DOWN or fails
     */
    public double value() {
        for (HealthCheck check : checks) {
            try {
                if (check.call().getStatus() != HealthCheckResponse.Status.UP) {
                    return 0;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Readiness check failed", e);
                return 0;
            }
        }
        return 1;
    }
}
