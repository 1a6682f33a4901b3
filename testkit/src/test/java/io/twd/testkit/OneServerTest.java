package io.twd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The one server's part of each service, generated from the repository's real configuration: it
 * gives the service what its own server would, and drops nothing of its own server.xml.
 */
class OneServerTest {

    /** The repository's root: the test runs in {@code testkit/}. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private final OneServer oneServer = new OneServer(REPOSITORY);

    @ParameterizedTest
    @CsvSource({"shop, 8081", "order, 8082", "delivery, 8083", "message, 8084", "mypage, 8085"})
    void givesTheServiceWhatItsOwnServerWould(String service, int port) throws Exception {
        Element part = parse(oneServer.configuration(service, port)).getDocumentElement();

        Element endpoint = only(part, "httpEndpoint");
        assertThat(endpoint.getAttribute("httpPort")).isEqualTo(String.valueOf(port));
        assertThat(only(endpoint, "httpOptions").getAttribute("keepAliveEnabled"))
                .as("base.xml's HTTP options").isEqualTo(only(file("liberty/base.xml"), "httpOptions")
                        .getAttribute("keepAliveEnabled"));
        assertThat(only(part, "hostAlias").getTextContent()).isEqualTo("*:" + port);
        assertThat(only(part, "virtualHost").getAttribute("allowFromEndpointRef")).isEqualTo(endpoint.getAttribute("id"));

        Element application = only(part, "webApplication");
        assertThat(application.getAttribute("location")).isEqualTo(service + ".war");
        Map<String, String> bindings = new HashMap<>();
        all(application, "resource-ref").forEach(r -> bindings.put(r.getAttribute("name"), r.getAttribute("binding-name")));
        assertThat(bindings).isEqualTo(Map.of("jdbc/twd", "jdbc/" + service, "jms/twd/events", "jms/" + service + "/events"));

        Element dataSource = only(part, "dataSource");
        Element derby = only(file("liberty/db-derby.xml"), "dataSource");
        assertThat(dataSource.getAttribute("jndiName")).isEqualTo("jdbc/" + service);
        assertThat(dataSource.getAttribute("type")).as("db-derby.xml's type").isEqualTo(derby.getAttribute("type"));
        assertThat(only(dataSource, "connectionManager").getAttribute("maxPoolSize"))
                .isEqualTo(only(derby, "connectionManager").getAttribute("maxPoolSize"));
        assertThat(only(dataSource, "properties.derby.embedded").getAttribute("databaseName"))
                .as("the database its own server keeps").isEqualTo("${server.output.dir}/../" + service + "/db/" + service);

        Element factory = only(part, "jmsConnectionFactory");
        assertThat(factory.getAttribute("jndiName")).isEqualTo("jms/" + service + "/events");
        String brokerUser = only(part, "authData").getAttribute("id");
        assertThat(only(part, "authData").getAttribute("user")).isEqualTo(service);
        assertThat(factory.getAttribute("containerAuthDataRef")).isEqualTo(brokerUser);

        // its activation specs, as its own server.xml has them, logging in as its broker user
        Element own = file(service + "-war/src/main/liberty/config/server.xml");
        List<Element> ownSpecs = all(own, "jmsActivationSpec");
        List<Element> specs = all(part, "jmsActivationSpec");
        assertThat(specs).extracting(s -> s.getAttribute("id"))
                .containsExactlyElementsOf(ownSpecs.stream().map(s -> s.getAttribute("id")).toList());
        for (int i = 0; i < specs.size(); i++) {
            assertThat(specs.get(i).getAttribute("authDataRef")).isEqualTo(brokerUser);
            assertThat(only(specs.get(i), "properties.artemis").getAttribute("messageSelector"))
                    .isEqualTo(only(ownSpecs.get(i), "properties.artemis").getAttribute("messageSelector"));
        }
        assertThat(all(part, "mailSession")).hasSize(service.equals("message") ? 1 : 0);
    }

    @ParameterizedTest
    @CsvSource({"shop", "order", "delivery", "message", "mypage"})
    void dropsNothingOfTheServicesOwnConfigurationButWhatTheOneServerGives(String service) throws Exception {
        Element own = file(service + "-war/src/main/liberty/config/server.xml");
        Element part = parse(oneServer.configuration(service, 9000)).getDocumentElement();
        List<String> kept = OneServer.children(part).stream().map(OneServerTest::describe).toList();
        for (Element e : OneServer.children(own)) {
            boolean given = OneServer.SERVER_ELEMENTS.contains(e.getTagName())
                    || e.getTagName().equals("variable") && OneServer.SERVER_VARIABLES.contains(e.getAttribute("name"));
            if (!given) {
                assertThat(kept).as("%s's %s in its part of the one server", service, describe(e)).contains(describe(e));
            }
        }
        // the features its own server adds are the one server's too
        Element oneServerXml = file("liberty/one-server/server.xml");
        for (Element feature : all(own, "feature")) {
            assertThat(all(oneServerXml, "feature")).extracting(Node::getTextContent).contains(feature.getTextContent());
        }
    }

    @Test
    void noTwoServicesDefineTheSameConfigurationId() throws Exception {
        Map<String, String> owner = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        String[][] services = {{"shop", "8081"}, {"order", "8082"}, {"delivery", "8083"}, {"message", "8084"},
                {"mypage", "8085"}};
        for (String[] service : services) {
            Element part = parse(oneServer.configuration(service[0], Integer.parseInt(service[1]))).getDocumentElement();
            for (Element e : OneServer.children(part)) {
                if (!e.getAttribute("id").isEmpty()) {
                    String previous = owner.putIfAbsent(e.getTagName() + " " + e.getAttribute("id"), service[0]);
                    if (previous != null) {
                        clashes.add(e.getTagName() + " " + e.getAttribute("id") + ": " + previous + " and " + service[0]);
                    }
                }
            }
        }
        assertThat(clashes).as("Liberty would merge them into one").isEmpty();
    }

    @Test
    void mainWritesOneFilePerService(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        OneServer.main(new String[] {REPOSITORY.toString(), folder.toString(), "shop=8081", "message=8084"});
        assertThat(Files.readString(folder.resolve("shop.xml"))).isEqualTo(oneServer.configuration("shop", 8081));
        assertThat(Files.readString(folder.resolve("message.xml"))).isEqualTo(oneServer.configuration("message", 8084));
    }

    private static String describe(Element e) {
        String name = e.getAttribute("id").isEmpty() ? e.getAttribute("name") : e.getAttribute("id");
        return e.getTagName() + (name.isEmpty() ? "" : " " + name);
    }

    private static Element file(String path) throws Exception {
        return parse(Files.readString(REPOSITORY.resolve(path))).getDocumentElement();
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element only(Element parent, String tag) {
        List<Element> found = all(parent, tag);
        assertThat(found).as("<%s> in <%s>", tag, parent.getTagName()).hasSize(1);
        return found.get(0);
    }

    private static List<Element> all(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
