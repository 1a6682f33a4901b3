package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The broker's ConfigMaps are generated from copies of the project's files (kustomize loads no
 * file from outside the kustomization's folder): {@code k8s/base/broker.xml} of
 * {@code broker/etc/broker.xml} (twd-broker-config), {@code k8s/base/jmx-exporter.yml} of
 * {@code broker/etc/jmx-exporter.yml} (twd-broker-metrics, the JMX exporter's rules). Each copy
 * must stay identical to its original.
 */
class BrokerConfigCopyTest {

    @Test
    void theClusterBrokerHasTheProjectsBrokerXml() throws IOException {
        assertThat(Files.readString(Manifests.K8S.resolve("base/broker.xml")))
                .as("k8s/base/broker.xml differs from broker/etc/broker.xml: copy it again")
                .isEqualTo(Files.readString(Manifests.REPO.resolve("broker/etc/broker.xml")));
    }

    @Test
    void theClusterBrokerHasTheProjectsExporterRules() throws IOException {
        assertThat(Files.readString(Manifests.K8S.resolve("base/jmx-exporter.yml")))
                .as("k8s/base/jmx-exporter.yml differs from broker/etc/jmx-exporter.yml: copy it again")
                .isEqualTo(Files.readString(Manifests.REPO.resolve("broker/etc/jmx-exporter.yml")));
    }
}
