package dev.kumo.agent.hypervisor;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Reads a domain XML document the way libvirt does, namespaces included, for assertions. */
final class DomainXml {

    private final Document document;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    DomainXml(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML:\n" + xml, e);
        }
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return "k".equals(prefix) ? KumoMetadata.NAMESPACE : null;
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String namespaceURI) {
                return null;
            }
        });
    }

    String text(String expression) {
        try {
            return (String) xpath.evaluate(expression, document, XPathConstants.STRING);
        } catch (Exception e) {
            throw new AssertionError(expression, e);
        }
    }

    int count(String expression) {
        try {
            return ((NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET)).getLength();
        } catch (Exception e) {
            throw new AssertionError(expression, e);
        }
    }
}
