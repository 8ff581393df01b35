package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The published API is documented: every public or protected type, constructor, method and field of
 * an exported package (not {@code .internal}) of a published module has a Javadoc comment, and every
 * exported package has a {@code package-info.java} with one. The javadoc build checks the rest with
 * doclint (broken references, bad HTML) and fails on any error or warning.
 */
class PublicApiDocumentedTest {
    static final List<String> PUBLISHED_MODULES = List.of("core", "imds", "container", "sso", "cognito", "audit",
            "chain", "micrometer", "spring-boot", "testkit");
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyPublicMemberOfAnExportedPackage_hasAJavadocComment() throws IOException {
        List<Path> sources = exportedSources();
        assertThat(sources).as("sources found under %s", ROOT).hasSizeGreaterThan(50);
        List<String> missing = new ArrayList<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null, units);
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new MissingDocs(docs, unit, missing).scan(unit, null);
            }
        }
        assertThat(missing).as("public API without a Javadoc comment").isEmpty();
    }

    @Test
    void everyExportedPackage_hasAPackageInfoWithAComment() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path dir : exportedSources().stream().map(Path::getParent).distinct().toList()) {
            Path info = dir.resolve("package-info.java");
            if (!Files.isRegularFile(info) || !Files.readString(info).contains("/**")) {
                missing.add(ROOT.relativize(dir).toString());
            }
        }
        assertThat(missing).as("exported packages without a documented package-info.java").isEmpty();
    }

    static List<Path> exportedSources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String module : PUBLISHED_MODULES) {
            Path src = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> walk = Files.walk(src)) {
                walk.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> !src.relativize(p).toString().contains("internal"))
                        .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                        .sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Collects public/protected declarations without a doc comment, in public types only. Overrides
     * are exempt: javadoc shows the overridden method's comment for them.
     */
    static final class MissingDocs extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final CompilationUnitTree unit;
        private final List<String> missing;

        MissingDocs(DocTrees docs, CompilationUnitTree unit, List<String> missing) {
            this.docs = docs;
            this.unit = unit;
            this.missing = missing;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            if (!visible(node.getModifiers(), enclosingIsInterface())) {
                return null; // a package-private or private type: not API, nor its members
            }
            check(node.getSimpleName().toString());
            return super.visitClass(node, unused);
        }

        @Override
        public Void visitMethod(MethodTree node, Void unused) {
            // Parsed, not attributed: a default constructor the compiler adds is not in the tree.
            String name = node.getName().contentEquals("<init>") ? ownerName() : node.getName().toString();
            boolean inherits = node.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
            if (!inherits && visible(node.getModifiers(), enclosingIsInterface())) {
                check(name + "(...)"); // an override inherits the documentation of what it overrides
            }
            return null; // no need to look into bodies
        }

        @Override
        public Void visitVariable(VariableTree node, Void unused) {
            if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree
                    && visible(node.getModifiers(), enclosingIsInterface())) {
                check(node.getName().toString());
            }
            return null;
        }

        private void check(String what) {
            DocCommentTree comment = docs.getDocCommentTree(getCurrentPath());
            if (comment == null) {
                long line = unit.getLineMap().getLineNumber(docs.getSourcePositions()
                        .getStartPosition(unit, getCurrentPath().getLeaf()));
                missing.add(ROOT.relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + " " + what);
            }
        }

        private String ownerName() {
            for (TreePath p = getCurrentPath(); p != null; p = p.getParentPath()) {
                if (p.getLeaf() instanceof ClassTree c) {
                    return c.getSimpleName().toString();
                }
            }
            return "";
        }

        private boolean enclosingIsInterface() {
            TreePath parent = getCurrentPath().getParentPath();
            return parent != null && parent.getLeaf() instanceof ClassTree c
                    && (c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE);
        }

        private static boolean visible(ModifiersTree modifiers, boolean inInterface) {
            return modifiers.getFlags().contains(Modifier.PUBLIC) || modifiers.getFlags().contains(Modifier.PROTECTED)
                    || (inInterface && !modifiers.getFlags().contains(Modifier.PRIVATE));
        }
    }
}
