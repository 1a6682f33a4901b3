package io.twd.shop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.platform.infrastructure.persistence.ContentionRetryMetrics;
import io.twd.shop.application.PhoneService;
import io.twd.shop.application.RegisterPhone;
import io.twd.shop.domain.model.phone.DuplicatePhoneException;
import io.twd.shop.domain.model.phone.EqpStatus;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneFilter;
import io.twd.shop.domain.model.phone.PhoneRepository;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.net.URISyntaxException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.derby.DerbyDatabaseType;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.ObjectMapper;

/**
 * The shop's application service, repository and transaction boundaries inside a real Liberty
 * server (Arquillian, Liberty managed container) with its Derby database and the broker.
 */
@ExtendWith(ArquillianExtension.class)
class PhoneServiceArquillianIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "shop-it.war")
                .addPackages(true, "io.twd.shop.domain", "io.twd.shop.application", "io.twd.shop.infrastructure")
                .addPackages(true, "io.twd.platform")
                .addAsResource("META-INF/persistence.xml")
                .addAsResource("db/migration/common/flyway.location")
                .addAsResource("db/migration/common/V1__shop_schema.sql")
                .addAsResource("db/migration/common/V4__phone_list_indexes.sql")
                .addAsResource("db/migration/outbox/flyway.location")
                .addAsResource("db/migration/outbox/V2__event_outbox.sql")
                .addAsResource("db/migration/outbox/V5__outbox_attempts.sql")
                .addPackage("db.migration.common")
                .addAsResource("db/migration/derby/flyway.location")
                .addAsLibraries(jarOf(Flyway.class), jarOf(DerbyDatabaseType.class), jarOf(ObjectMapper.class),
                        jarOf(JsonParser.class), jarOf(JsonProperty.class))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /** @return the jar a class of the test's class path is in (Flyway and what it needs, for the WAR) */
    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    PhoneService phoneService;

    @Inject
    PhoneRepository phones;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction transaction;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService managedExecutor;

    private static String sernum() {
        return "ARQ-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registeredPhoneIsStoredAvailableToOrder() {
        String sernum = sernum();
        Phone phone = phoneService.register(new RegisterPhone(3, "galaxy_s21", sernum));

        assertNotNull(phone.getId());
        Phone stored = phones.find(phone.getId()).orElseThrow();
        assertEquals(EqpStatus.OrderAvailable, stored.getEqpStatus());
        assertEquals(3, stored.getShopId());
        assertEquals(sernum, stored.getEqpSernum());
        assertEquals(phone.getId(), phones.findByKey(3, sernum).orElseThrow().getId());
    }

    @Test
    void duplicateIsRefusedAndTheTransactionLeavesOneRow() {
        String sernum = sernum();
        phoneService.register(new RegisterPhone(4, "galaxy_s21", sernum));
        PhoneFilter sameShop = new PhoneFilter(4L, null, null);
        long before = phones.count(sameShop);

        assertThrows(DuplicatePhoneException.class,
                () -> phoneService.register(new RegisterPhone(4, "iphone_17", sernum)));

        assertEquals(before, phones.count(sameShop));
        assertEquals("galaxy_s21", phones.findByKey(4, sernum).orElseThrow().getEqpNm());
    }

    /**
     * Two registrations of one phone at once: the second waits for the first's uncommitted row
     * (the unique key) longer than the database waits for a lock (2 s in this server:
     * {@code derby.locks.waitTimeout} in {@code arquillian.xml}), and Derby rolls it back (40XL1).
     * {@code @RetryOnContention} runs it again, in the server, after the first rolled back: the
     * phone is registered, no error reaches the caller, and the retry is counted.
     */
    @Test
    void aRegistrationRolledBackForALockTimeoutIsRunAgainAndCounted() throws Exception {
        String sernum = sernum();
        double retriedBefore = retries();
        CountDownLatch firstHoldsTheRow = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                transaction.begin();
                phoneService.register(new RegisterPhone(6, "galaxy_s21", sernum));  // inside: not retried
                firstHoldsTheRow.countDown();
                Thread.sleep(3_000);
                transaction.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, managedExecutor);
        assertTrue(firstHoldsTheRow.await(30, TimeUnit.SECONDS));

        Phone second = phoneService.register(new RegisterPhone(6, "galaxy_s21", sernum));

        first.get(30, TimeUnit.SECONDS);
        assertEquals(second.getId(), phones.findByKey(6, sernum).orElseThrow().getId());
        assertTrue(retries() > retriedBefore, "the rolled-back attempt was counted");
    }

    private double retries() {
        return metrics.getCounters((id, metric) -> id.getName().equals(ContentionRetryMetrics.RETRIED)
                        && "PhoneService.register".equals(id.getTags().get("method")))
                .values().stream().mapToDouble(c -> c.getCount()).sum();
    }

    @Test
    void searchFiltersAndPages() {
        long shopId = 500_000 + (System.nanoTime() % 100_000);
        for (int i = 0; i < 3; i++) {
            phoneService.register(new RegisterPhone(shopId, i == 0 ? "pixel_10" : "galaxy_s25", sernum()));
        }
        PhoneService.PhoneList all = phoneService.list(new PhoneFilter(shopId, EqpStatus.OrderAvailable, null), 0, 0, 2);
        assertEquals(3, all.total());
        assertEquals(2, all.phones().size());
        assertTrue(all.phones().get(0).getId() < all.phones().get(1).getId());
        assertEquals(1, phoneService.list(new PhoneFilter(shopId, null, "pixel_10"), 0, 0, 10).total());
        assertEquals(0, phoneService.list(new PhoneFilter(shopId, EqpStatus.Shipped, null), 0, 0, 10).total());
    }
}
