package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks that a request body refuses a value of the wrong shape in each of its fields: for every
 * field of a body the service would accept, the same body with an array, an object or a boolean
 * in that field must be answered {@code 400 malformed-json} naming the field.
 */
final class WrongShapes {

    /** JSON values that are neither a string nor a number. */
    static final List<String> SHAPES = List.of("[7, 8]", "{\"value\": 8}", "true");

    private WrongShapes() {
    }

    /**
     * @param url   where the body is POSTed, signed in as its usual caller
     * @param valid a body the service would accept: field name to JSON value, in order
     */
    static void areRefusedIn(String url, Map<String, String> valid) {
        for (String field : valid.keySet()) {
            for (String shape : SHAPES) {
                Map<String, String> body = new LinkedHashMap<>(valid);
                body.put(field, shape);
                String json = body.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}"));
                given().contentType(ContentType.JSON).body(json).post(url).then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:twd:problem:malformed-json"))
                        .body("errors.field", hasItem(field));
            }
        }
    }
}
