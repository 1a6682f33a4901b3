package io.twd.shop.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.twd.platform.testing.SchemaUpgrade;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every filter of {@code GET /shops} ({@code shopId}, {@code eqpStatus}, {@code eqpNm}, and
 * {@code eqpSernum}, which comes with {@code shopId}) leads an index of the newest schema, so that
 * the list's count and its pages read the matching rows only, never the whole table.
 */
class PhoneListIndexTest {

    /** The phone table's columns each filter reads, in the order an index must start with them. */
    static final Map<String, List<String>> FILTERS = Map.of("shopId", List.of("SHOP_ID"),
            "eqpStatus", List.of("EQP_STATUS"), "eqpNm", List.of("EQP_NM"),
            "shopId and eqpSernum", List.of("SHOP_ID", "EQP_SERNUM"));

    @Test
    void everyFilterOfTheListLeadsAnIndex() throws SQLException {
        try (var db = SchemaUpgrade.derbyInMemory("shop-indexes").withOutbox()) {
            db.migrateToNewest();
            Map<String, List<String>> indexes = new TreeMap<>();
            try (Connection connection = db.dataSource().getConnection()) {
                DatabaseMetaData meta = connection.getMetaData();
                try (ResultSet columns = meta.getIndexInfo(null, null, "PHONE", false, false)) {
                    while (columns.next()) {
                        indexes.computeIfAbsent(columns.getString("INDEX_NAME"), k -> new ArrayList<>())
                                .add(columns.getShort("ORDINAL_POSITION") - 1, columns.getString("COLUMN_NAME"));
                    }
                }
            }
            FILTERS.forEach((filter, columns) -> assertThat(indexes.values())
                    .as("an index of PHONE starting with the columns of filter " + filter + " (indexes: " + indexes + ")")
                    .anyMatch(index -> index.size() >= columns.size()
                            && index.subList(0, columns.size()).equals(columns)));
        }
    }
}
