package io.twd.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.twd.platform.infrastructure.messaging.EventDispatch;
import jakarta.ejb.MessageDriven;
import jakarta.jms.MessageListener;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Holds each consumer's two lists of what it takes equal: the activation specification in its
 * service's {@code server.xml} (the subscription and the message selector, what the broker
 * delivers to it) and the bean's {@link EventDispatch} (the subscription it names and the event
 * types it handles). A type selected but not handled would be dead-lettered; a type handled but
 * not selected would never arrive.
 */
public final class Subscriptions {

    /** {@code eventType = 'A'} or {@code eventType IN ('A', 'B', ...)}: the only selectors used. */
    private static final Pattern SELECTOR = Pattern.compile(
            "\\s*eventType\\s*(?:=\\s*'([A-Za-z]+)'|IN\\s*\\(([^)]*)\\))\\s*");

    private Subscriptions() {
    }

    /**
     * A consumer's activation specification as {@code server.xml} declares it.
     *
     * @param id                 its id, {@code <service>/<bean name>}
     * @param subscriptionName   the durable subscription
     * @param selectedEventTypes the event types its message selector lets through
     */
    public record ActivationSpec(String id, String subscriptionName, Set<String> selectedEventTypes) {
    }

    /**
     * @param serverXml a service's {@code server.xml}
     * @return its {@code jmsActivationSpec} elements, in file order
     * @throws IllegalArgumentException if the file cannot be read, or a selector is not one of
     *     the two shapes used ({@link #eventTypesSelected})
     */
    public static List<ActivationSpec> activationSpecs(Path serverXml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var document = factory.newDocumentBuilder().parse(Files.newInputStream(serverXml));
            NodeList specs = document.getElementsByTagName("jmsActivationSpec");
            List<ActivationSpec> found = new ArrayList<>();
            for (int i = 0; i < specs.getLength(); i++) {
                Element spec = (Element) specs.item(i);
                Element properties = (Element) spec.getElementsByTagName("properties.artemis").item(0);
                found.add(new ActivationSpec(spec.getAttribute("id"), properties.getAttribute("subscriptionName"),
                        eventTypesSelected(properties.getAttribute("messageSelector"))));
            }
            return found;
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException("Cannot read " + serverXml, e);
        }
    }

    /**
     * @param selector a JMS message selector of the form {@code eventType = 'A'} or
     *                 {@code eventType IN ('A', 'B')}
     * @return the event types it lets through
     * @throws IllegalArgumentException for any other selector
     */
    public static Set<String> eventTypesSelected(String selector) {
        Matcher m = SELECTOR.matcher(selector);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a selector of event types: " + selector);
        }
        if (m.group(1) != null) {
            return Set.of(m.group(1));
        }
        Set<String> types = new LinkedHashSet<>();
        for (String quoted : m.group(2).split(",")) {
            String type = quoted.strip();
            if (!type.matches("'[A-Za-z]+'")) {
                throw new IllegalArgumentException("Not a selector of event types: " + selector);
            }
            types.add(type.substring(1, type.length() - 1));
        }
        return types;
    }

    /**
     * Asserts that the service's activation specifications and its message-driven beans match one
     * to one (the spec {@code <service>/<bean name>} for each bean), each with the subscription
     * its dispatch names and a selector that lets through exactly the types it handles.
     *
     * @param serverXml the service's {@code server.xml}
     * @param beans     one instance of each of the service's message-driven beans, made with
     *                  {@code new} (nothing is injected or called)
     * @throws AssertionError if they differ
     */
    public static void assertEachConsumerSelectsWhatItHandles(Path serverXml, MessageListener... beans) {
        List<ActivationSpec> specs = activationSpecs(serverXml);
        Set<String> beanNames = new TreeSet<>();
        for (MessageListener bean : beans) {
            MessageDriven driven = bean.getClass().getAnnotation(MessageDriven.class);
            assertNotNull(driven, bean.getClass() + " is no message-driven bean");
            String name = driven.name().isEmpty() ? bean.getClass().getSimpleName() : driven.name();
            beanNames.add(name);
            ActivationSpec spec = specs.stream().filter(s -> s.id().endsWith("/" + name)).findFirst()
                    .orElseThrow(() -> new AssertionError("No activation spec */" + name + " in " + serverXml));
            EventDispatch dispatch = dispatchOf(bean);
            assertEquals(dispatch.subscription(), spec.subscriptionName(), spec.id() + ": the subscription");
            assertEquals(new TreeSet<>(dispatch.eventTypes()), new TreeSet<>(spec.selectedEventTypes()),
                    spec.id() + ": the types its selector lets through vs. those its dispatch handles");
        }
        assertEquals(beanNames, new TreeSet<>(specs.stream().map(s -> s.id().substring(s.id().indexOf('/') + 1)).toList()),
                "activation specs in " + serverXml + " vs. the beans given");
    }

    /** The bean's one field of type {@link EventDispatch}. */
    private static EventDispatch dispatchOf(MessageListener bean) {
        for (Field field : bean.getClass().getDeclaredFields()) {
            if (field.getType() == EventDispatch.class) {
                try {
                    field.setAccessible(true);
                    return (EventDispatch) field.get(bean);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError(bean.getClass() + " has no EventDispatch field");
    }
}
