package io.twd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootprintTest {

    @Test
    void aProcessThatCannotBeReadIsNotMeasuredNotZero(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve(".twd"));
        Files.writeString(root.resolve(".twd/smtp.pid"), "999999999"); // no such process
        Files.writeString(root.resolve(".twd/broker.pid"), String.valueOf(ProcessHandle.current().pid()));
        Map<String, Long> rss = Footprint.sample(root);
        assertEquals(Footprint.NOT_MEASURED, rss.get("smtp"));
        assertEquals(Footprint.NOT_MEASURED, rss.get("gateway")); // no pid file at all
        assertTrue(rss.get("broker") > 0, "this JVM, read through /proc: " + rss.get("broker"));
        assertEquals(rss.get("broker"), Footprint.measuredSum(rss));
        String described = Footprint.describe(rss);
        assertTrue(described.contains("smtp not measured"), described);
        assertTrue(described.endsWith("(8 not measured)"), described);
        assertEquals("not measured", Report.miB(Footprint.NOT_MEASURED));
    }

    @Test
    void cpuPerUnitIsNotMeasuredWhereASampleIsMissing() {
        Map<String, Double> per = Footprint.cpuMillisPer(Map.of("order", 100L, "shop", Footprint.NOT_MEASURED),
                Map.of("order", 300L, "shop", 50L), 4);
        assertEquals(50.0, per.get("order"));
        assertTrue(per.get("shop").isNaN());
        assertEquals("not measured", Report.measured(per.get("shop")));
    }
}
