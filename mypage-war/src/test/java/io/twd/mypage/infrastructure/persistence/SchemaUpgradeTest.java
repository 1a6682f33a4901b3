package io.twd.mypage.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twd.mypage.domain.model.mypage.MyPage;
import io.twd.mypage.domain.model.mypage.StatusChange;
import io.twd.platform.infrastructure.messaging.ProcessedEvent;
import io.twd.platform.testing.SchemaUpgrade;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * The mypage service's migrations ({@code db/migration/common} and {@code /derby}) keep what a server of schema
 * version 1 wrote ({@code db/fixture/schema-v1-data.sql}), and version 2 makes
 * {@code (order_id, event_id)} the key of the history.
 */
class SchemaUpgradeTest {

    @Test
    void whatVersion1WroteIsReadUnderTheNewestSchema() {
        try (var db = SchemaUpgrade.derbyInMemory("mypage-upgrade")) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql");

            MigrateResult result = db.migrateToNewest();

            assertEquals("2", result.targetSchemaVersion);
            assertEquals(List.of(), db.identityColumns(), "no identity columns (their inserts contend on Derby)");
            var em = db.persistenceUnit("mypage").createEntityManager();
            MyPage page = em.find(MyPage.class, 41L);
            assertEquals("kim", page.getCustomerId());
            assertEquals("DeliveryStarted", page.getStatus());
            assertEquals(12L, page.getDeliveryId());
            assertEquals(List.of("Ordered", "DeliveryStarted"),
                    page.getHistory().stream().map(StatusChange::getStatus).toList());
            assertEquals("DeliveryStarted",
                    em.find(ProcessedEvent.class, "00000000-0000-4000-8000-000000000042").getEventType());
            em.close();
        }
    }

    @Test
    void afterVersion2AnEventIsInAHistoryAtMostOnce() throws SQLException {
        try (var db = SchemaUpgrade.derbyInMemory("mypage-history-key")) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql");
            db.migrateToNewest();

            try (Connection connection = db.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                SQLException duplicate = assertThrows(SQLException.class, () -> statement.executeUpdate(
                        "INSERT INTO mypage_history (event_id, occurred_at, status, order_id) VALUES"
                                + " ('00000000-0000-4000-8000-000000000042', '2026-11-30 10:00:00', 'DeliveryStarted', 41)"));
                assertEquals("23505", duplicate.getSQLState());
            }
        }
    }

    @Test
    void version2RefusesAHistoryThatAlreadyHoldsAnEventTwice() {
        try (var db = SchemaUpgrade.derbyInMemory("mypage-history-duplicate")) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql").run("db/fixture/schema-v1-duplicate-history.sql");

            assertThrows(FlywayException.class, db::migrateToNewest);
            assertEquals("1", Flyway.configure().dataSource(db.dataSource())
                    .locations("classpath:db/migration/common", "classpath:db/migration/derby").load().info().current().getVersion().getVersion());
        }
    }
}
