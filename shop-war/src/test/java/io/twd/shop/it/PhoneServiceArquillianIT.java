package io.twd.shop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.shop.application.PhoneService;
import io.twd.shop.application.RegisterPhone;
import io.twd.shop.domain.model.phone.DuplicatePhoneException;
import io.twd.shop.domain.model.phone.EqpStatus;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneFilter;
import io.twd.shop.domain.model.phone.PhoneRepository;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URISyntaxException;
import java.util.UUID;
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
                .addAsResource("db/migration/common/V2__event_outbox.sql")
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

    @Test
    void searchFiltersAndPages() {
        long shopId = 500_000 + (System.nanoTime() % 100_000);
        for (int i = 0; i < 3; i++) {
            phoneService.register(new RegisterPhone(shopId, i == 0 ? "pixel_10" : "galaxy_s25", sernum()));
        }
        PhoneService.PhoneList all = phoneService.list(new PhoneFilter(shopId, EqpStatus.OrderAvailable, null), 0, 2);
        assertEquals(3, all.total());
        assertEquals(2, all.phones().size());
        assertTrue(all.phones().get(0).getId() < all.phones().get(1).getId());
        assertEquals(1, phoneService.list(new PhoneFilter(shopId, null, "pixel_10"), 0, 10).total());
        assertEquals(0, phoneService.list(new PhoneFilter(shopId, EqpStatus.Shipped, null), 0, 10).total());
    }
}
