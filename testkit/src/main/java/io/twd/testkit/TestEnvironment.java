package io.twd.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put what the tests run: set as system properties by failsafe (see the parent
 * pom), with defaults relative to the repository root for runs from an IDE.
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** @return the repository root ({@code twd.root}) */
    public static Path root() {
        String root = System.getProperty("twd.root");
        if (root != null) {
            return Path.of(root);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root; set -Dtwd.root");
        }
        return dir;
    }

    /** @return the Open Liberty installation ({@code twd.liberty.home}), i.e. its {@code wlp} folder */
    public static Path libertyHome() {
        return existing("twd.liberty.home", root().resolve("target/liberty/wlp"));
    }

    /** @return the unpacked Artemis distribution ({@code twd.artemis.home}) */
    public static Path artemisHome() {
        String configured = System.getProperty("twd.artemis.home");
        if (configured != null) {
            return existing("twd.artemis.home", Path.of(configured));
        }
        try (var dirs = Files.list(root().resolve("broker/target"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Artemis under broker/target: run ./mvnw package"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no broker/target: run ./mvnw package", e);
        }
    }

    /**
     * @return Keycloak's unpacked and built distribution ({@code twd.keycloak.home}, default the
     *     {@code keycloak-*} folder under {@code identity/target})
     */
    public static Path keycloakHome() {
        String configured = System.getProperty("twd.keycloak.home");
        if (configured != null) {
            return existing("twd.keycloak.home", Path.of(configured));
        }
        try (var dirs = Files.list(root().resolve("identity/target"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(d))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak under identity/target: run ./mvnw package"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no identity/target: run ./mvnw package", e);
        }
    }

    /** @return the realm export the local run imports ({@code identity/realm/twd-realm.json}) */
    public static Path realmFile() {
        Path realm = root().resolve("identity/realm/twd-realm.json");
        if (!Files.isRegularFile(realm)) {
            throw new IllegalStateException(realm + " does not exist");
        }
        return realm;
    }

    /** @return the folder with the project's {@code broker.xml} */
    public static Path brokerConfig() {
        return existing("twd.broker.config", root().resolve("broker/etc"));
    }

    /**
     * @param name a folder name
     * @return a working folder under the repository's {@code target/it/}, unique to this test
     *     JVM ({@code <name>-<pid>}) so that concurrent test runs never share one
     */
    public static Path workDir(String name) {
        return root().resolve("target/it").resolve(name + "-" + ProcessHandle.current().pid());
    }

    private static Path existing(String property, Path fallback) {
        String configured = System.getProperty(property);
        Path path = configured != null ? Path.of(configured) : fallback;
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist: run ./mvnw package first");
        }
        return path;
    }
}
