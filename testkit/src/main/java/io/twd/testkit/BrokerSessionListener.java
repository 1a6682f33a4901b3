package io.twd.testkit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the project's broker for a whole test run when the system property
 * {@code twd.it.broker.port} names its port, and stops it when the run ends. Registered
 * through {@code META-INF/services} by modules whose in-container (Arquillian) tests need a
 * broker before their server starts; does nothing when the property is absent (unit tests).
 */
public class BrokerSessionListener implements LauncherSessionListener {

    private Broker broker;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String port = System.getProperty("twd.it.broker.port");
        if (port != null && !port.isBlank() && broker == null) {
            broker = Broker.start(TestEnvironment.workDir("arquillian-broker"), Integer.parseInt(port));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }
}
