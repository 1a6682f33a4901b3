package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The broker's ConfigMap is generated from {@code k8s/base/broker.xml}, a copy of the project's
 * {@code broker/etc/broker.xml} (kustomize loads no file from outside the kustomization's
 * folder): the two must stay identical.
 */
class BrokerConfigCopyTest {

    @Test
    void theClusterBrokerHasTheProjectsBrokerXml() throws IOException {
        assertThat(Files.readString(Manifests.K8S.resolve("base/broker.xml")))
                .as("k8s/base/broker.xml differs from broker/etc/broker.xml: copy it again")
                .isEqualTo(Files.readString(Manifests.REPO.resolve("broker/etc/broker.xml")));
    }
}
