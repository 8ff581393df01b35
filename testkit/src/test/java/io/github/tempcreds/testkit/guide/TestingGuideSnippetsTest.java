package io.github.tempcreds.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of docs/testing.md is a snippet of a test in this package, verbatim between
 * {@code // testing.md: <name>} and {@code // testing.md: end} (de-indented), and every such snippet is in the
 * guide: so each block of the guide compiles against the current API and runs as a test (as README.md's
 * snippets are checked by the examples module).
 */
class TestingGuideSnippetsTest {
    private static final Path GUIDE = Path.of("..", "docs", "testing.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "io", "github", "tempcreds", "testkit", "guide");
    private static final Pattern MARKED = Pattern.compile(
            "^[ \\t]*// testing\\.md: ([a-z-]+)\\n(.*?)\\n[ \\t]*// testing\\.md: end", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\n(.*?)\\n```$", Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void everyJavaBlockOfTheGuide_isATestedSnippet_andEverySnippetIsInTheGuide() throws IOException {
        Map<String, String> snippets = snippets();
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(Files.readString(GUIDE));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(3);
        assertThat(blocks).as("java blocks of docs/testing.md, each verbatim in a test")
                .allSatisfy(b -> assertThat(snippets.values()).contains(b));
        assertThat(snippets).as("every marked snippet is a java block of docs/testing.md")
                .allSatisfy((name, s) -> assertThat(blocks).as(name).contains(s));
    }

    @Test
    void snippetExtraction_deIndentsAndNamesEachSnippet() throws IOException {
        assertThat(snippets()).containsKeys("first-test", "refresh", "faults");
        assertThat(snippets().get("refresh")).startsWith("@Test\nvoid refreshesInTheBackgroundBeforeExpiry(")
                .endsWith("\n}");
    }

    private static Map<String, String> snippets() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = MARKED.matcher(Files.readString(f));
                while (m.find()) {
                    assertThat(out.put(m.group(1), deIndent(m.group(2)))).as("snippet name %s used twice", m.group(1))
                            .isNull();
                }
            }
        }
        return out;
    }

    private static String deIndent(String text) {
        String[] lines = text.split("\\n", -1);
        int indent = lines[0].length() - lines[0].stripLeading().length();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            b.append(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent) : line.strip());
            if (i < lines.length - 1) {
                b.append('\n');
            }
        }
        return b.toString();
    }
}
