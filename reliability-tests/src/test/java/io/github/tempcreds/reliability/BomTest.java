package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The BOM a user imports: it lists every published module and pins the AWS SDK BOM at the version the
 * project builds and tests with.
 */
class BomTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void bom_pinsTheSdkVersionTheProjectIsBuiltWith() throws Exception {
        Document parent = parse(ROOT.resolve("pom.xml"));
        Document bom = parse(ROOT.resolve("bom/pom.xml"));
        String built = text(parent, "/project/properties/awssdk.version");
        String pinned = text(bom, "/project/dependencyManagement/dependencies/dependency"
                + "[groupId='software.amazon.awssdk' and artifactId='bom']/version");
        String scope = text(bom, "/project/dependencyManagement/dependencies/dependency"
                + "[groupId='software.amazon.awssdk' and artifactId='bom']/scope");

        assertThat(built).isEqualTo("2.40.2");
        assertThat(pinned).isEqualTo(built);
        assertThat(scope).isEqualTo("import");
    }

    @Test
    void bom_listsEveryPublishedModule() throws Exception {
        Document bom = parse(ROOT.resolve("bom/pom.xml"));
        NodeList ids = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
                "/project/dependencyManagement/dependencies/dependency[groupId='io.github.tempcreds']/artifactId",
                bom, XPathConstants.NODESET);
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < ids.getLength(); i++) {
            listed.add(ids.item(i).getTextContent().trim());
        }
        assertThat(listed).containsAll(PublicApiDocumentedTest.PUBLISHED_MODULES.stream()
                .map(m -> "tempcreds-" + m).toList());
    }

    @Test
    void everyPublishedPom_hasItsOwnDescription_andInheritsUrlsUnchanged() throws Exception {
        for (String module : PublicApiDocumentedTest.PUBLISHED_MODULES) {
            assertThat(text(parse(ROOT.resolve(module).resolve("pom.xml")), "/project/description"))
                    .as("description of %s", module).hasSizeGreaterThan(20);
        }
        assertThat(text(parse(ROOT.resolve("bom/pom.xml")), "/project/description")).isNotEmpty();
        Document parent = parse(ROOT.resolve("pom.xml"));
        assertThat(text(parent, "/project/@child.project.url.inherit.append.path")).isEqualTo("false");
        assertThat(text(parent, "/project/scm/@child.scm.url.inherit.append.path")).isEqualTo("false");
        assertThat(text(parent, "/project/licenses/license/name")).isEqualTo("Apache License, Version 2.0");
        assertThat(text(parent, "/project/developers/developer/name")).isNotEmpty();
    }

    @Test
    void everyPublishedModule_shipsJarSourcesAndJavadoc_eachWithTheLicense() throws Exception {
        for (String module : PublicApiDocumentedTest.PUBLISHED_MODULES) {
            Path target = ROOT.resolve(module).resolve("target");
            String base = "tempcreds-" + module + "-";
            List<Path> jars;
            try (var files = java.nio.file.Files.list(target)) {
                jars = files.filter(f -> f.getFileName().toString().startsWith(base))
                        .filter(f -> f.getFileName().toString().endsWith(".jar"))
                        .filter(f -> !f.getFileName().toString().endsWith("-standalone.jar")).toList();
            } catch (java.nio.file.NoSuchFileException e) {
                jars = List.of();
            }
            org.junit.jupiter.api.Assumptions.assumeFalse(jars.isEmpty(),
                    "no jars in " + target + ": run `mvn verify` (packaging precedes this test there)");
            assertThat(jars).as("jars of %s", module).extracting(j -> j.getFileName().toString())
                    .anyMatch(n -> n.endsWith("-sources.jar")).anyMatch(n -> n.endsWith("-javadoc.jar"))
                    .anyMatch(n -> n.matches(".*-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\.jar"));
            for (Path jar : jars) {
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                    assertThat(zip.getEntry("META-INF/LICENSE")).as("META-INF/LICENSE in %s", jar).isNotNull();
                }
            }
        }
    }

    static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    static String text(Document doc, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, doc).trim();
    }
}
