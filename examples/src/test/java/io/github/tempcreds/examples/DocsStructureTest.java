package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The user's guide in {@code docs/}: every page keeps the guide's order (what you do, settings, errors,
 * why), every relative link points at a file that exists, and the pages cite nothing outside the
 * repository.
 */
class DocsStructureTest {
    private static final Path DOCS = Path.of("..", "docs");
    /** Pages with an order of their own (the testkit's references, the walkthrough, the adoption checklist). */
    private static final List<String> OWN_ORDER = List.of("README.md", "testkit.md", "testkit-sts.md", "testing.md",
            "adoption.md");
    private static final List<String> ORDER = List.of("## Using it", "## Settings and defaults",
            "## Errors and what to do", "## Why it works this way");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:\\s]+)(#[^)]*)?\\)");

    private static List<Path> pages() throws IOException {
        try (Stream<Path> s = Files.list(DOCS)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    @Test
    void guidePages_keepTheOrderUseSettingsErrorsWhy() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Path page : pages()) {
            if (OWN_ORDER.contains(page.getFileName().toString())) {
                continue;
            }
            List<String> headings = Files.readAllLines(page).stream().filter(l -> l.startsWith("## ")).toList();
            assertThat(headings).as(page.toString()).containsSubsequence(ORDER);
            checked.add(page.getFileName().toString());
        }
        assertThat(checked).contains("engine.md", "imds.md", "examples.md", "chain.md");
    }

    @Test
    void everyPage_relativeLinksResolve() throws IOException {
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                assertThat(page.resolveSibling(m.group(1))).as(page + " links to " + m.group(1)).exists();
            }
        }
    }

    @Test
    void index_listsThePagesOfTheGuide() throws IOException {
        String index = Files.readString(DOCS.resolve("README.md"));
        for (Path page : pages()) {
            String name = page.getFileName().toString();
            if (!OWN_ORDER.contains(name)) {
                assertThat(index).as("docs/README.md lists " + name).contains("](" + name + ")");
            }
        }
    }

    @Test
    void guidePages_citeNothingOutsideTheRepository() throws IOException {
        Pattern outside = Pattern.compile("DESIGN\\.md|shared/|reference/|[Ii]ssue #\\d|#\\d{1,4}\\b(?![\\w-])");
        for (Path page : pages()) {
            Matcher m = outside.matcher(Files.readString(page));
            String cited = m.find() ? m.group() : null;
            assertThat(cited).as(page + " cites something outside the repository").isNull();
        }
    }
}
