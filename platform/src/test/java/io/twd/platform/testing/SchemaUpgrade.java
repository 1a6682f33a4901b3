package io.twd.platform.testing;

import io.twd.platform.infrastructure.persistence.SchemaMigration;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * A service's database taken through its migrations the way a server takes it at start, for the
 * test that data written under an older schema survives the newer ones: an in-memory Apache Derby
 * database, migrated by {@link SchemaMigration}'s own configuration, then opened with the
 * service's persistence unit (EclipseLink, resource-local, no DDL) to read the data back through
 * the entities.
 *
 * <pre>{@code
 * try (var db = SchemaUpgrade.derbyInMemory("shop")) {
 *     db.migrateTo("1").run("db/fixture/schema-v1-data.sql");
 *     db.migrateToNewest();
 *     var emf = db.persistenceUnit("shop");   // closed with db
 *     ...
 * }
 * }</pre>
 */
public final class SchemaUpgrade implements AutoCloseable {

    private final String name;
    private final EmbeddedDataSource dataSource;
    private final ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    private EntityManagerFactory persistenceUnit;
    private boolean outbox;

    private SchemaUpgrade(String name, EmbeddedDataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /**
     * @param name a name unique in the test run (the in-memory database's)
     * @return an empty in-memory Derby database of that name
     */
    public static SchemaUpgrade derbyInMemory(String name) {
        var dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + name);
        dataSource.setCreateDatabase("create");
        return new SchemaUpgrade(name, dataSource);
    }

    /**
     * Takes the database through the outbox's migrations too, as a server of a service with an
     * outbox does ({@link SchemaMigration#OUTBOX_LOCATION}).
     *
     * @return this
     */
    public SchemaUpgrade withOutbox() {
        outbox = true;
        return this;
    }

    /** @return the database */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Migrates to one version and stops there, as a server of that version would have left it.
     *
     * @param version a version of the service's migrations, e.g. {@code "1"}
     * @return this
     * @throws org.flywaydb.core.api.FlywayException if a migration fails
     */
    public SchemaUpgrade migrateTo(String version) {
        SchemaMigration.configure(dataSource, classLoader, outbox).target(version).load().migrate();
        return this;
    }

    /**
     * Runs the statements of a SQL file of the test's class path, one by one (separated by
     * {@code ;} at the end of a line; lines starting with {@code --} are comments).
     *
     * @param resource the file, e.g. {@code "db/fixture/schema-v1-data.sql"}
     * @return this
     * @throws IllegalStateException if the file is missing or a statement fails
     */
    public SchemaUpgrade run(String resource) {
        String script;
        try (InputStream in = Objects.requireNonNull(classLoader.getResourceAsStream(resource),
                () -> "no " + resource + " on the test class path")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] statements = Arrays.stream(script.split("\n"))
                .filter(line -> !line.strip().startsWith("--"))
                .reduce("", (all, line) -> all + line + "\n")
                .split(";\\s*\n");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                if (!sql.isBlank()) {
                    statement.execute(sql.strip());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Writes events waiting in the outbox ({@code outbox_event}, schema version 2 or later) as a
     * server of version 2 wrote them: the position from the table's identity column, in this order.
     *
     * @param eventIds the events' ids, e.g. UUIDs
     * @return this
     * @throws IllegalStateException if an insert fails (no outbox table yet, a duplicate)
     */
    public SchemaUpgrade insertOutboxEvents(String... eventIds) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String eventId : eventIds) {
                statement.execute("INSERT INTO outbox_event (event_id, topic, event_type, correlation_id, payload,"
                        + " created_at) VALUES ('" + eventId + "', 'test.events', 'Tested', '1', '{}',"
                        + " CURRENT_TIMESTAMP)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("outbox_event: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * @return the ids of the events in the outbox, in the order the relay sends them ({@code seq_no})
     * @throws IllegalStateException if the outbox cannot be read
     */
    public List<String> outboxEventIds() {
        return column("SELECT event_id FROM outbox_event ORDER BY seq_no");
    }

    /**
     * @return every identity column of the database's own tables, as {@code table.column} in lower
     *     case, e.g. {@code delivery.id}; empty when ids come from elsewhere (sequences)
     * @throws IllegalStateException if the catalog cannot be read
     */
    public List<String> identityColumns() {
        return column("SELECT LOWER(t.TABLENAME || '.' || c.COLUMNNAME) FROM SYS.SYSCOLUMNS c"
                + " JOIN SYS.SYSTABLES t ON c.REFERENCEID = t.TABLEID"
                + " WHERE t.TABLETYPE = 'T' AND c.AUTOINCREMENTINC IS NOT NULL ORDER BY 1");
    }

    private List<String> column(String query) {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
        return values;
    }

    /**
     * Migrates to the newest version, exactly as a server does at start.
     *
     * @return what was applied
     * @throws org.flywaydb.core.api.FlywayException if a migration fails
     */
    public MigrateResult migrateToNewest() {
        return SchemaMigration.migrate(dataSource, classLoader, outbox);
    }

    /**
     * Opens the service's persistence unit (its {@code META-INF/persistence.xml}) on this
     * database, resource-local instead of JTA; closed by {@link #close()}.
     *
     * @param unit the unit's name, e.g. {@code "shop"}
     * @return the entity manager factory
     */
    public EntityManagerFactory persistenceUnit(String unit) {
        persistenceUnit = Persistence.createEntityManagerFactory(unit, Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", "",
                "jakarta.persistence.nonJtaDataSource", dataSource,
                "eclipselink.weaving", "false",
                "eclipselink.logging.level", "WARNING"));
        return persistenceUnit;
    }

    /** Closes the persistence unit and drops the in-memory database. */
    @Override
    public void close() {
        if (persistenceUnit != null) {
            persistenceUnit.close();
        }
        var drop = new EmbeddedDataSource();
        drop.setDatabaseName("memory:" + name);
        drop.setConnectionAttributes("drop=true");
        try (Connection ignored = drop.getConnection()) {
            throw new IllegalStateException("in-memory database " + name + " was not dropped");
        } catch (SQLException dropped) {
            // Derby reports a successful drop as SQLSTATE 08006.
            if (!"08006".equals(dropped.getSQLState())) {
                throw new IllegalStateException("dropping " + name + ": " + dropped.getMessage(), dropped);
            }
        }
    }
}
