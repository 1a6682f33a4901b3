package io.twd.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Writes each service's part of the one Liberty server of {@code ./twd up}
 * ({@code liberty/one-server/server.xml}: the five WARs in one server), from the services' own
 * configuration, so that nothing is written twice: one file per service for the server's
 * {@code configDropins/overrides/}, holding
 * <ul>
 *   <li>the service's HTTP endpoint on its own port (with {@code liberty/base.xml}'s
 *       {@code httpOptions}) and a virtual host that binds its application to it;</li>
 *   <li>its broker user ({@code authData <service>Broker}, password
 *       {@code ${<service>.broker.password}} from {@code liberty/local.xml});</li>
 *   <li>its application, whose resource references {@code jdbc/twd} and {@code jms/twd/events}
 *       are bound to its own data source and connection factory;</li>
 *   <li>{@code liberty/db-derby.xml}'s data source, named for the service, on the database its
 *       own server keeps ({@code .twd/servers/<service>/db/<service>});</li>
 *   <li>{@code liberty/messaging.xml}'s outbox connection factory, named for the service, logging
 *       in as its broker user;</li>
 *   <li>everything else of its own {@code server.xml}: its variables, its activation
 *       specifications (logging in as its broker user) and, for message, its mail session.</li>
 * </ul>
 * What the one server gives all five is left out of the services' files: the variables
 * {@code service.name}, {@code http.port} and {@code db.kind}, the includes, the features and the
 * plain {@code webApplication}.
 *
 * <p>Run by {@code ./twd up}: {@code java -cp testkit/target/classes io.twd.testkit.OneServer
 * <repository> <folder> <service>=<port>...}. Uses the JDK only.
 */
public final class OneServer {

    /** Variables of a service's server.xml that the one server sets for itself. */
    static final Set<String> SERVER_VARIABLES = Set.of("service.name", "http.port", "db.kind");

    /** Elements of a service's server.xml that the one server gives, or that this class writes anew. */
    static final Set<String> SERVER_ELEMENTS = Set.of("include", "featureManager", "webApplication");

    private final Path repository;

    /**
     * @param repository the repository's root folder (with {@code liberty/} and the
     *                   {@code <service>-war/} modules)
     */
    public OneServer(Path repository) {
        this.repository = repository;
    }

    /**
     * Writes {@code <folder>/<service>.xml} for each service given.
     *
     * @param args the repository's root, the folder to write to, then {@code <service>=<port>}
     *             for each service, e.g. {@code shop=8081}
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: OneServer <repository> <folder> <service>=<port>...");
        }
        OneServer server = new OneServer(Path.of(args[0]));
        Path folder = Files.createDirectories(Path.of(args[1]));
        for (int i = 2; i < args.length; i++) {
            String[] serviceAndPort = args[i].split("=", 2);
            Files.writeString(folder.resolve(serviceAndPort[0] + ".xml"),
                    server.configuration(serviceAndPort[0], Integer.parseInt(serviceAndPort[1])));
        }
    }

    /**
     * @param service a service, e.g. {@code shop}
     * @param port    its HTTP port, e.g. 8081
     * @return its part of the one server, as Liberty configuration (a {@code <server>} document)
     * @throws UncheckedIOException if a configuration file cannot be read
     * @throws IllegalStateException if a configuration file lacks what is taken from it
     */
    public String configuration(String service, int port) {
        Document out = newDocument();
        Element server = out.createElement("server");
        out.appendChild(server);
        server.appendChild(out.createComment(" Written by ./twd up (io.twd.testkit.OneServer): the " + service
                + " service in the one server. "));

        Element endpoint = append(server, "httpEndpoint", "id", service + "Endpoint", "host", "${http.host}",
                "httpPort", String.valueOf(port), "httpsPort", "-1");
        endpoint.appendChild(out.importNode(only(read("liberty/base.xml"), "httpOptions"), true));
        Element host = append(server, "virtualHost", "id", service + "_host",
                "allowFromEndpointRef", service + "Endpoint");
        append(host, "hostAlias").setTextContent("*:" + port);
        append(server, "authData", "id", brokerAuth(service), "user", service,
                "password", "${" + service + ".broker.password}");

        Element application = append(server, "webApplication", "id", service, "name", service,
                "location", service + ".war", "contextRoot", "/");
        Element bindings = append(application, "web-bnd", "moduleName", service);
        append(bindings, "virtual-host", "name", service + "_host");
        append(bindings, "resource-ref", "name", "jdbc/twd", "binding-name", "jdbc/" + service);
        append(bindings, "resource-ref", "name", "jms/twd/events", "binding-name", "jms/" + service + "/events");
        append(append(application, "appProperties"), "property", "name", "service.name", "value", service);

        Element dataSource = (Element) out.importNode(only(read("liberty/db-derby.xml"), "dataSource"), true);
        dataSource.setAttribute("id", service + "DataSource");
        dataSource.setAttribute("jndiName", "jdbc/" + service);
        only(dataSource, "properties.derby.embedded")
                .setAttribute("databaseName", "${server.output.dir}/../" + service + "/db/" + service);
        server.appendChild(dataSource);

        Element factory = (Element) out.importNode(withId(read("liberty/messaging.xml"), "jmsConnectionFactory",
                "eventsConnectionFactory"), true);
        factory.setAttribute("id", service + "EventsConnectionFactory");
        factory.setAttribute("jndiName", "jms/" + service + "/events");
        factory.setAttribute("containerAuthDataRef", brokerAuth(service));
        server.appendChild(factory);

        for (Element own : ownElements(service)) {
            Element copy = (Element) out.importNode(own, true);
            if (copy.getTagName().equals("jmsActivationSpec")) {
                copy.setAttribute("authDataRef", brokerAuth(service));
            }
            server.appendChild(copy);
        }
        dropWhitespace(out);
        return serialize(out);
    }

    /**
     * @param service a service
     * @return the top-level elements of its own server.xml that go into its part of the one server,
     *     in file order: all but {@link #SERVER_ELEMENTS} and the variables {@link #SERVER_VARIABLES}
     */
    List<Element> ownElements(String service) {
        List<Element> own = new ArrayList<>();
        for (Element e : children(read(service + "-war/src/main/liberty/config/server.xml").getDocumentElement())) {
            boolean serverVariable = e.getTagName().equals("variable") && SERVER_VARIABLES.contains(e.getAttribute("name"));
            if (!serverVariable && !SERVER_ELEMENTS.contains(e.getTagName())) {
                own.add(e);
            }
        }
        return own;
    }

    private static String brokerAuth(String service) {
        return service + "Broker";
    }

    private Document read(String file) {
        try (InputStream in = Files.newInputStream(repository.resolve(file))) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot parse " + file, e);
        }
    }

    private static Element only(Document document, String tag) {
        return only(document.getDocumentElement(), tag);
    }

    private static Element only(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        if (found.getLength() != 1) {
            throw new IllegalStateException("Expected one <" + tag + "> in <" + parent.getTagName() + ">, found "
                    + found.getLength());
        }
        return (Element) found.item(0);
    }

    private static Element withId(Document document, String tag, String id) {
        NodeList found = document.getElementsByTagName(tag);
        for (int i = 0; i < found.getLength(); i++) {
            if (id.equals(((Element) found.item(i)).getAttribute("id"))) {
                return (Element) found.item(i);
            }
        }
        throw new IllegalStateException("No <" + tag + " id=\"" + id + "\">");
    }

    /**
     * @param parent an element
     * @return its child elements, in document order
     */
    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                elements.add(e);
            }
        }
        return elements;
    }

    /** Appends an element with attributes given as name, value, name, value... in that order. */
    private static Element append(Element parent, String tag, String... attributes) {
        Element e = parent.getOwnerDocument().createElement(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            e.setAttribute(attributes[i], attributes[i + 1]);
        }
        parent.appendChild(e);
        return e;
    }

    /** Drops the whitespace between elements that the copied parts bring along, so that the output is indented anew. */
    private static void dropWhitespace(Node node) {
        for (Node n = node.getFirstChild(); n != null; ) {
            Node next = n.getNextSibling();
            if (n.getNodeType() == Node.TEXT_NODE && n.getTextContent().isBlank()) {
                node.removeChild(n);
            } else {
                dropWhitespace(n);
            }
            n = next;
        }
    }

    private static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Document document) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter text = new StringWriter().append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            transformer.transform(new DOMSource(document), new StreamResult(text));
            return text.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
