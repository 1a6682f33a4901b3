package io.twd.platform.interfaces.rest;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;

/**
 * The one JSON-B configuration of every service's REST API (Jakarta REST 3.1, §4.3: a
 * {@link ContextResolver} of {@link Jsonb} is used by the runtime's JSON-B provider for request
 * and response bodies).
 *
 * <p>It differs from the default in one way: a request field of type {@link String} takes a JSON
 * string or a JSON number (its text as sent, so {@code "shopId": 7} and {@code "shopId": "7"}
 * are the same, as the spec's httpie examples send either), and refuses an array, an object or a
 * boolean. The default binding guessed instead: {@code "shopId": [7, 8]} bound as {@code "8"}.
 * A refused value fails the binding with a {@link JsonbException} naming the property, which
 * {@link ProblemExceptionMapper} answers with {@code 400 malformed-json} and that field in
 * {@code errors}; the resource method is not called, so nothing is written. Whether the text is a
 * whole number in range, an e-mail address and so on is then checked by Bean Validation on the
 * request's fields. Properties the request type does not have (e.g. an {@code orderId} or
 * {@code eqpStatus} a client sends) are still ignored.
 */
@Provider
public class StrictJsonBinding implements ContextResolver<Jsonb> {

    /** One per application: Yasson keeps what it learnt of each bound class in its instance. */
    private static final Jsonb JSONB = JsonbBuilder.create(configuration());

    /**
     * @return the configuration every service binds its bodies with: the defaults, plus
     *     {@link TextDeserializer} for {@link String}
     */
    public static JsonbConfig configuration() {
        return new JsonbConfig().withDeserializers(new TextDeserializer());
    }

    /**
     * @param type the Java type to bind (any)
     * @return the strict {@link Jsonb}, for every type
     */
    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /**
     * @return the strict {@link Jsonb} the REST API binds with, the same instance
     *     {@link #getContext} gives the runtime: a warm-up that binds a request and a response with
     *     it leaves the runtime's first request nothing to learn
     */
    public static Jsonb jsonb() {
        return JSONB;
    }

    /**
     * Binds a {@link String} from a JSON string or number only.
     */
    public static final class TextDeserializer implements JsonbDeserializer<String> {

        /**
         * @param parser  positioned on the value (its first event, for an array or object)
         * @param context the binding's context (unused: a text has no parts)
         * @param type    {@link String}
         * @return the string's value, or the number's text as sent (e.g. {@code "7"}, {@code "1.5"});
         *     null for a JSON {@code null}
         * @throws JsonbException for an array, an object, {@code true} or {@code false}
         */
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case STRING -> ((JsonString) value).getString();
                case NUMBER -> value.toString();
                case NULL -> null;
                case ARRAY -> throw new JsonbException("an array where a string or number belongs");
                case OBJECT -> throw new JsonbException("an object where a string or number belongs");
                case TRUE, FALSE -> throw new JsonbException("a boolean where a string or number belongs");
            };
        }
    }
}
