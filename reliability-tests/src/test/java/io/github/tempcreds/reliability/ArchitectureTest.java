package io.github.tempcreds.reliability;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Architecture rules over the main code of the published modules (core, imds, sso, cognito, testkit):
 * IMDS traffic only through the token-carrying client, no SLF4J binding, no third-party or internal type
 * in a public signature.
 */
class ArchitectureTest {
    static final String[] PUBLISHED = {"io.github.tempcreds.core", "io.github.tempcreds.imds",
        "io.github.tempcreds.sso", "io.github.tempcreds.cognito", "io.github.tempcreds.testkit",
        "io.github.tempcreds.container", "io.github.tempcreds.chain", "io.github.tempcreds.audit"};
    static final String IMDS_CLIENT = "io.github.tempcreds.imds.internal.ImdsClient";
    static final Pattern FORBIDDEN_IN_API = Pattern.compile(
            "^(com\\.github\\.benmanes\\.caffeine|com\\.github\\.tomakehurst\\.wiremock|org\\.wiremock"
                    + "|com\\.fasterxml\\.jackson|org\\.slf4j)\\..*|.*\\.internal\\..*");

    static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PUBLISHED);
        assertThat(main.stream().map(JavaClass::getName)).as("the published modules' main classes were imported")
                .contains(IMDS_CLIENT, "io.github.tempcreds.core.RefreshingCredentialsProvider",
                        "io.github.tempcreds.sso.SsoSessionCredentialsProvider",
                        "io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider",
                        "io.github.tempcreds.testkit.FakeImds");
    }

    @Test
    void imdsRequests_onlyThroughTheTokenClient_noRawHttpElsewhere() {
        // ImdsClient fetches the session token before every metadata GET (tested in the imds module and by
        // FakeImds answering 401 to any tokenless GET). Nobody else may speak HTTP directly, so no path can
        // skip it; the provider modules talk to AWS through SDK service clients only.
        ArchRule rule = noClasses().that().resideInAnyPackage("io.github.tempcreds.core..",
                        "io.github.tempcreds.imds..", "io.github.tempcreds.sso..", "io.github.tempcreds.cognito..")
                .and().haveNameNotMatching(java.util.regex.Pattern.quote(IMDS_CLIENT) + "(\\$.*)?") // it, and its nested classes
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "an HTTP client's request method (prepareRequest, send, openConnection, ...)",
                        (com.tngtech.archunit.core.domain.JavaMethodCall call) -> {
                            JavaClass c = call.getTargetOwner();
                            String m = call.getName();
                            return (c.isAssignableTo("software.amazon.awssdk.http.SdkHttpClient") && m.equals("prepareRequest"))
                                    || (c.isAssignableTo("java.net.http.HttpClient") && m.startsWith("send"))
                                    || (c.isAssignableTo("java.net.URLConnection") && (m.equals("connect")
                                            || m.equals("getInputStream") || m.equals("getOutputStream")))
                                    || (c.getName().equals("java.net.URL") && (m.equals("openConnection")
                                            || m.equals("openStream")));
                        }))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("software.amazon.awssdk.http.SdkHttpFullRequest")
                .because("only ImdsClient may build raw HTTP requests (it always carries the IMDSv2 token)");
        rule.check(main);
    }

    @Test
    void imds_neverThroughSdkProvidersThatFallBackToImdsV1() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(
                        "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider")
                .orShould().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.imds..")
                .because("the SDK's instance profile provider can fall back to IMDSv1; IMDSv1 is never spoken")
                .check(main);
    }

    @Test
    void publishedModules_referenceNoSlf4jBinding() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.slf4j.simple..", "org.slf4j.impl..",
                        "org.slf4j.nop..", "org.slf4j.jul..", "org.slf4j.reload4j..", "ch.qos.logback..",
                        "org.apache.logging.log4j..", "org.apache.logging.slf4j..")
                .because("published modules ship the SLF4J API only (the enforcer bans binding dependencies too)")
                .check(main);
    }

    @Test
    void publicSignatures_exposeNoCaffeineWireMockJacksonSlf4jOrInternalType() {
        classes().that().arePublic().and().resideOutsideOfPackage("..internal..")
                .should(new ArchCondition<>("expose no Caffeine, WireMock, Jackson, SLF4J or .internal type") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        for (JavaCodeUnit u : c.getCodeUnits()) {
                            if (!visible(u.getModifiers()) || allowedEscapeHatch(u)) {
                                continue;
                            }
                            Set<JavaClass> involved = new HashSet<>(u.getReturnType().getAllInvolvedRawTypes());
                            u.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
                            u.getExceptionTypes().forEach(involved::add);
                            report(events, c, u.getFullName(), involved);
                        }
                        for (JavaField f : c.getFields()) {
                            if (visible(f.getModifiers())) {
                                report(events, c, f.getFullName(), Set.copyOf(f.getType().getAllInvolvedRawTypes()));
                            }
                        }
                        c.getRawSuperclass().ifPresent(s -> report(events, c, c.getName() + " extends", Set.of(s)));
                        report(events, c, c.getName() + " implements", Set.copyOf(c.getRawInterfaces()));
                    }
                }).check(main);
    }

    static boolean visible(Set<JavaModifier> m) {
        return m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED);
    }

    /** The testkit's documented escape hatch {@code AbstractFake.wireMock()} (DESIGN.md: "only through wireMock()"). */
    static boolean allowedEscapeHatch(JavaCodeUnit u) {
        return u.getOwner().getName().equals("io.github.tempcreds.testkit.AbstractFake") && u.getName().equals("wireMock");
    }

    static void report(ConditionEvents events, JavaClass owner, String where, Set<JavaClass> types) {
        if (!owner.getModifiers().contains(JavaModifier.PUBLIC)) {
            return;
        }
        for (JavaClass t : types) {
            if (FORBIDDEN_IN_API.matcher(t.getName()).matches()) {
                events.add(SimpleConditionEvent.violated(owner, where + " exposes " + t.getName()));
            }
        }
    }

    @Test
    void libraryModules_dependOnNeitherMicrometerNorSpring() {
        // Micrometer and Spring are optional integrations (tempcreds-micrometer, tempcreds-spring-boot): the
        // library modules must work without them on the class path.
        JavaClasses library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.github.tempcreds.core", "io.github.tempcreds.imds", "io.github.tempcreds.sso",
                        "io.github.tempcreds.cognito", "io.github.tempcreds.container", "io.github.tempcreds.chain",
                        "io.github.tempcreds.testkit");
        assertThat(library.stream().map(JavaClass::getName)).as("every library module was imported")
                .contains("io.github.tempcreds.chain.TemporaryCredentialsChain", "io.github.tempcreds.testkit.FakeImds",
                        "io.github.tempcreds.core.RefreshingCredentialsProvider");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "org.springframework..")
                .because("Micrometer and Spring are optional integrations, never forced on library users")
                .check(library);
    }

    @Test
    void rules_wouldCatchAViolation() {
        // Guard against a vacuous rule set: ImdsClient itself builds raw requests, and the rule exempts only it.
        JavaClass client = main.get(IMDS_CLIENT);
        assertThat(client.getDirectDependenciesFromSelf()).anyMatch(d ->
                d.getTargetClass().getName().equals("software.amazon.awssdk.http.SdkHttpFullRequest"));
        assertThat(client.getMethodCallsFromSelf()).as("the predicate's target exists: ImdsClient calls prepareRequest")
                .anyMatch(c -> c.getName().equals("prepareRequest")
                        && c.getTargetOwner().isAssignableTo("software.amazon.awssdk.http.SdkHttpClient"));
        assertThat(List.of(PUBLISHED)).hasSize(8);
    }
}
