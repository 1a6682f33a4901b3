package io.twd.platform.infrastructure.persistence;

import io.twd.platform.infrastructure.messaging.OutboxEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the service's own database to the newest schema version at every start, with Flyway's
 * versioned SQL migrations, before the service takes any request or message.
 *
 * <p>Each service keeps its migrations in its WAR as {@code V<n>__<description>.sql}: under
 * {@code db/migration/common/} the SQL that both databases it runs on take, and under
 * {@code db/migration/derby/} or {@code db/migration/postgresql/} a version whose SQL differs
 * between them (the same version number in both). {@code V1} is the schema the service had when
 * its tables were still made by EclipseLink; later versions change it. The persistence unit
 * generates no DDL: the tables are what the migrations say. Each folder holds a
 * {@code flyway.location} file, which Flyway needs to find a folder through Open Liberty's class
 * loader.
 *
 * <p>The transactional outbox's tables are the platform's, not a service's: their migrations are
 * in the platform's jar under {@value #OUTBOX_LOCATION} ({@code V2__event_outbox.sql},
 * {@code V5__outbox_attempts.sql}), written once and applied, in the service's own version order
 * and schema history, to each service that has an outbox (its persistence unit lists
 * {@link OutboxEvent}: shop, order, delivery). Their versions are kept free in those services' own
 * folders. They were the same files in each publishing service's folder before; being byte for
 * byte what those databases applied, they keep Flyway's checksums, so an existing database
 * validates and upgrades in place.
 *
 * <p>An enterprise-bean startup singleton (Jakarta Enterprise Beans 4.0 §4.8.1): the container
 * initialises it while the application starts, before any external request or message reaches a
 * bean of the application, so no message-driven bean consumes an event before the tables exist.
 * If the migration fails the application does not start (the server stays not ready) and the
 * cause is in the log. Bean-managed transactions: Flyway commits each migration itself, outside
 * any JTA transaction.
 *
 * <p>Several servers of one service starting on the same PostgreSQL database (replicas on
 * Kubernetes) migrate one after the other: Flyway holds a PostgreSQL advisory lock while it
 * migrates, and the second finds nothing left to do.
 *
 * <p>A database made by EclipseLink before migrations existed (tables, no schema history) is
 * taken as version 1 (Flyway's baseline) and migrated from there.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    /** Class path folder of the migrations: {@code common/} and one sub-folder per database. */
    public static final String LOCATION = "db/migration";

    /** Class path folder of the outbox's migrations, in the platform's jar: for services with an outbox. */
    public static final String OUTBOX_LOCATION = "db/migration/outbox";

    /** Version a database with the service's tables but no schema history is taken for. */
    public static final String BASELINE_VERSION = "1";

    /** Attempts to reach a database that does not answer yet, 5 s apart (about a minute). */
    static final int CONNECT_RETRIES = 12;

    /** Pause between two attempts to reach the database (s). */
    static final int RETRY_PAUSE_S = 5;

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    // a reference (java:comp/env): the server's jdbc/twd, or the data source the one server binds to the service
    @Resource(name = "jdbc/twd")
    DataSource dataSource;

    // the service's one persistence unit: whether it lists the outbox
    @PersistenceUnit
    EntityManagerFactory persistenceUnit;

    /**
     * Migrates the service's database when the application starts.
     *
     * @throws org.flywaydb.core.api.FlywayException if a migration fails or the database cannot
     *         be reached; the application then does not start
     */
    @PostConstruct
    void migrateAtStart() {
        long began = System.nanoTime();
        // the database first, with its minute of grace: the persistence unit's metamodel may
        // log EclipseLink in, which fails at once on a database that is still starting
        vendor(dataSource);
        MigrateResult result = migrate(dataSource, getClass().getClassLoader(),
                OutboxEvent.isListedIn(persistenceUnit.getMetamodel()));
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + version + " (was "
                + (result.initialSchemaVersion == null ? "empty" : "version " + result.initialSchemaVersion)
                + ", " + result.migrationsExecuted + " migrations applied) in "
                + (System.nanoTime() - began) / 1_000_000 + " ms");
    }

    /**
     * Migrates a database to the newest version found under {@value #LOCATION}{@code /common},
     * {@value #LOCATION}{@code /<vendor>} and, for a service with an outbox, {@value #OUTBOX_LOCATION}.
     *
     * @param dataSource  the service's database (Apache Derby or PostgreSQL)
     * @param classLoader where the service's migrations are (its WAR's class loader)
     * @param outbox      whether the service has an outbox (its persistence unit lists
     *                    {@link OutboxEvent}): the outbox's migrations are applied too
     * @return what Flyway did: the versions before and after and the migrations applied
     * @throws org.flywaydb.core.api.FlywayException if a migration fails (that migration is
     *         rolled back) or an applied migration was changed since
     * @throws IllegalStateException if the database is neither Derby nor PostgreSQL
     */
    public static MigrateResult migrate(DataSource dataSource, ClassLoader classLoader, boolean outbox) {
        return configure(dataSource, classLoader, outbox).load().migrate();
    }

    /**
     * The Flyway configuration every server uses, for tests that need to stop at an older
     * version ({@code target("1")}) before migrating the rest.
     *
     * @param dataSource  the service's database (Apache Derby or PostgreSQL)
     * @param classLoader where the service's migrations are
     * @param outbox      whether the service has an outbox: {@value #OUTBOX_LOCATION} is read too
     * @return a configuration reading {@code db/migration/common} and {@code db/migration/<vendor>}
     *         of the class loader (and the outbox's folder)
     * @throws IllegalStateException if the database is neither Derby nor PostgreSQL, or does not
     *         answer
     */
    public static FluentConfiguration configure(DataSource dataSource, ClassLoader classLoader, boolean outbox) {
        List<String> locations = new ArrayList<>(List.of(
                "classpath:" + LOCATION + "/common", "classpath:" + LOCATION + "/" + vendor(dataSource)));
        if (outbox) {
            locations.add("classpath:" + OUTBOX_LOCATION);
        }
        String[] folders = locations.toArray(String[]::new);
        return Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(folders)
                // SQL callbacks, if ever, beside the migrations: Flyway's own default (db/callback)
                // is a folder no service has, and it logs an error for it at every start
                .callbackLocations(folders)
                .failOnMissingLocations(true)
                .baselineOnMigrate(true)
                .baselineVersion(BASELINE_VERSION)
                .baselineDescription("tables made by EclipseLink before versioned migrations")
                .connectRetries(CONNECT_RETRIES)
                .connectRetriesInterval(RETRY_PAUSE_S);
    }

    /**
     * @param dataSource a database
     * @return {@code "derby"} or {@code "postgresql"}: the folder of its own migrations
     * @throws IllegalStateException for another database, or when it does not answer
     */
    static String vendor(DataSource dataSource) {
        String product = productName(dataSource);
        String name = product.toLowerCase(Locale.ROOT);
        if (name.contains("derby")) {
            return "derby";
        }
        if (name.contains("postgresql")) {
            return "postgresql";
        }
        throw new IllegalStateException("No migrations for database " + product
                + "; the services run on Apache Derby or PostgreSQL");
    }

    private static String productName(DataSource dataSource) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return connection.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                if (attempt > CONNECT_RETRIES) {
                    throw new IllegalStateException("The service's database does not answer: " + e.getMessage(), e);
                }
                LOG.warning("The service's database does not answer (attempt " + attempt + "), retrying in "
                        + RETRY_PAUSE_S + " s: " + e.getMessage());
            }
            try {
                Thread.sleep(RETRY_PAUSE_S * 1_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the database", e);
            }
        }
    }
}
