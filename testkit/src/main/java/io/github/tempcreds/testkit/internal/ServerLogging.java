package io.github.tempcreds.testkit.internal;

import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the fakes' HTTP servers quiet: Jetty logs request headers (IMDS tokens, bearer tokens, SigV4
 * {@code Authorization}) at DEBUG, and WireMock logs at INFO. Before the first fake starts, the loggers in
 * {@link #SERVER_LOGGERS} are set to WARN in the SLF4J backend in use, unless the user configured that very
 * logger, and WireMock's notifier drops its messages.
 *
 * <p>Backends, all by reflection (no compile dependency): slf4j-simple (the system property
 * {@code org.slf4j.simpleLogger.log.<name>=warn}, read when a logger is created, so this must run before
 * Jetty's classes create theirs; not set when the user set it as a system property or in
 * {@code simplelogger.properties}), Logback ({@code Logger#setLevel}, unless the logger has a level),
 * Log4j 2 ({@code Configurator.setLevel}, unless the configuration has that logger) and
 * {@code java.util.logging} (unless the logger has a level). Other backends are left alone.
 *
 * <p>Opt-out: the system property {@value #PROPERTY}{@code =keep} leaves logging as configured and
 * keeps WireMock's own notifier (errors only).
 */
public final class ServerLogging {
    /** The opt-out system property; {@code keep} leaves the servers' logging as the user configured it. */
    public static final String PROPERTY = "tempcreds.testkit.serverLogging";

    /** The loggers set to WARN: Jetty (plain and as WireMock shades it) and WireMock. */
    public static final List<String> SERVER_LOGGERS = List.of("org.eclipse.jetty", "wiremock.org.eclipse.jetty",
            "wiremock", "com.github.tomakehurst.wiremock", "WireMock");

    static final String SIMPLE_PREFIX = "org.slf4j.simpleLogger.log.";

    private static final Logger LOG = LoggerFactory.getLogger(ServerLogging.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();
    /** java.util.logging holds loggers weakly: a level set on a collected logger is lost. */
    private static final List<java.util.logging.Logger> JUL_KEEP = new ArrayList<>();

    private ServerLogging() {
    }

    /** Whether the user opted out with {@value #PROPERTY}{@code =keep}. */
    public static boolean keep() {
        return "keep".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim());
    }

    /**
     * Sets the server loggers to WARN, once per JVM (later calls do nothing). Never throws: a backend it
     * cannot configure is left as it is.
     */
    public static void quiet() {
        if (keep() || !DONE.compareAndSet(false, true)) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        String backend = factory.getClass().getName();
        try {
            switch (backend) {
                case "org.slf4j.simple.SimpleLoggerFactory":
                    quietSimple(factory.getClass().getClassLoader());
                    break;
                case "ch.qos.logback.classic.LoggerContext":
                    quietLogback(factory);
                    break;
                case "org.apache.logging.slf4j.Log4jLoggerFactory":
                    quietLog4j(factory.getClass().getClassLoader());
                    break;
                case "org.slf4j.jul.JDK14LoggerFactory":
                    quietJul();
                    break;
                default:
                    LOG.debug("Leaving the fakes' server logging to {} as configured", backend);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("Could not set the fakes' server loggers to WARN in {}: {}", backend, e.toString());
        }
    }

    /** WireMock's notifier: silent, unless the user opted out. */
    public static Notifier notifier() {
        return keep() ? new Slf4jNotifier(false) : new QuietNotifier();
    }

    private static void quietSimple(ClassLoader loader) {
        Properties file = new Properties();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream("simplelogger.properties")
                : loader.getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                file.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Could not read simplelogger.properties: {}", e.toString());
        }
        for (String name : SERVER_LOGGERS) {
            String key = SIMPLE_PREFIX + name;
            if (System.getProperty(key) == null && file.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    private static void quietLogback(ILoggerFactory factory) throws ReflectiveOperationException {
        ClassLoader loader = factory.getClass().getClassLoader();
        Class<?> level = Class.forName("ch.qos.logback.classic.Level", false, loader);
        Class<?> logger = Class.forName("ch.qos.logback.classic.Logger", false, loader);
        Object warn = level.getField("WARN").get(null);
        Method getLevel = logger.getMethod("getLevel");
        Method setLevel = logger.getMethod("setLevel", level);
        for (String name : SERVER_LOGGERS) {
            Object l = factory.getLogger(name);
            if (logger.isInstance(l) && getLevel.invoke(l) == null) {
                setLevel.invoke(l, warn);
            }
        }
    }

    private static void quietLog4j(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> level = Class.forName("org.apache.logging.log4j.Level", false, loader);
        Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator", true, loader);
        Class<?> logManager = Class.forName("org.apache.logging.log4j.LogManager", true, loader);
        Class<?> coreContext = Class.forName("org.apache.logging.log4j.core.LoggerContext", false, loader);
        Object warn = level.getField("WARN").get(null);
        Object context = logManager.getMethod("getContext", boolean.class).invoke(null, false);
        Map<?, ?> configured = Map.of();
        if (coreContext.isInstance(context)) {
            Object configuration = coreContext.getMethod("getConfiguration").invoke(context);
            Class<?> configType = Class.forName("org.apache.logging.log4j.core.config.Configuration", false, loader);
            configured = (Map<?, ?>) configType.getMethod("getLoggers").invoke(configuration);
        }
        Method setLevel = configurator.getMethod("setLevel", String.class, level);
        for (String name : SERVER_LOGGERS) {
            if (!configured.containsKey(name)) {
                setLevel.invoke(null, name, warn);
            }
        }
    }

    private static void quietJul() {
        for (String name : SERVER_LOGGERS) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            if (l.getLevel() == null) {
                l.setLevel(java.util.logging.Level.WARNING);
                synchronized (JUL_KEEP) {
                    JUL_KEEP.add(l);
                }
            }
        }
    }

    /**
     * Drops WireMock's messages: its informational ones are noise, and its errors are about requests the
     * fakes already answer (the journal and the fake's own DEBUG log tell what happened).
     */
    static final class QuietNotifier implements Notifier {
        @Override
        public void info(String message) {
            // dropped
        }

        @Override
        public void error(String message) {
            LOG.trace("WireMock reported an error ({} characters)", message == null ? 0 : message.length());
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.trace("WireMock reported an error: {}", t == null ? "" : t.getClass().getName());
        }

        @Override
        public String toString() {
            return "QuietNotifier";
        }
    }
}
