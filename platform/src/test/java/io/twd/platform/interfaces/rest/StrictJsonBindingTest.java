package io.twd.platform.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonBindingTest {

    /** A request body of the services' shape: every field a String, checked by Bean Validation later. */
    public static class Body {
        public String shopId;
        public String eqpNm;
    }

    private final Jsonb jsonb = new StrictJsonBinding().getContext(Body.class);

    @Test
    void aStringOrANumberBindsAsItsText() {
        Body body = jsonb.fromJson("{\"shopId\": 7, \"eqpNm\": \"galaxy_s21\", \"orderId\": 9, \"eqpStatus\": \"Shipped\"}",
                Body.class);
        assertEquals("7", body.shopId);
        assertEquals("galaxy_s21", body.eqpNm);
        assertEquals("1.5", jsonb.fromJson("{\"shopId\": 1.5}", Body.class).shopId);
        assertEquals("7", jsonb.fromJson("{\"shopId\": \"7\"}", Body.class).shopId);
        assertNull(jsonb.fromJson("{\"shopId\": null}", Body.class).shopId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[7, 8]", "[]", "{\"id\": 8}", "true", "false", "[[\"x\"]]"})
    void anyOtherShapeIsRefusedNamingTheField(String value) {
        JsonbException refused = assertThrows(JsonbException.class,
                () -> jsonb.fromJson("{\"eqpNm\": \"galaxy_s21\", \"shopId\": " + value + "}", Body.class));
        assertEquals("shopId", ProblemExceptionMapper.propertyNamed(refused), refused.getMessage());
        Problem problem = new ProblemExceptionMapper().problemFor(refused);
        assertEquals(400, problem.status());
        assertEquals(Problem.TYPE_PREFIX + "malformed-json", problem.type());
        assertEquals("shopId", problem.errors().get(0).field());
    }

    @Test
    void responsesAreWrittenAsByDefault() {
        Body body = new Body();
        body.shopId = "7";
        assertEquals("{\"shopId\":\"7\"}", jsonb.toJson(body));
    }
}
