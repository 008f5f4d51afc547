package io.folderresolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;


/**
 * Local or Google Cloud: the one setting, Camel Main's {@code camel.main.profile} ({@code CAMEL_MAIN_PROFILE}),
 * that picks which {@code config/application-<mode>.properties} sets the defaults on top of
 * {@code config/application.properties}.
 */
public enum ServiceMode {

    /** Embedded stand-ins for the Folders API and Pub/Sub, the sample org and the demo batch: offline. */
    LOCAL,
    /** The real Folders API and Pub/Sub with Application Default Credentials; nothing local may start. */
    GCP;

    public static final String KEY = "camel.main.profile";

    /**
     * As Camel Main looks it up: a system property or env var, else the base properties file, else local. Logs
     * nothing, so the logging set-up can still depend on the mode.
     */
    public static ServiceMode chosen() {
        String name = System.getProperty(KEY);
        if (name == null) {
            name = System.getenv(ConfigurationCheck.envName(KEY));
        }
        return named(name != null ? name : baseProperties().getProperty(KEY, "local"));
    }

    /** The mode the properties say (env var and system property included); local when they say none. */
    public static ServiceMode of(Settings settings) {
        String name = settings.text(KEY);
        return named(name.isEmpty() ? "local" : name);
    }

    public static ServiceMode named(String name) {
        for (ServiceMode mode : values()) {
            if (mode.profile().equals(name.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(KEY + " (" + ConfigurationCheck.envName(KEY) + ") must be local or gcp, was '"
                + name + "'");
    }

    public String profile() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Camel property locations: this mode's file first, as Camel Main orders a profile's file. */
    public String propertyLocations() {
        return LocalOrPackaged.file("config/application-" + profile() + ".properties") + ","
                + LocalOrPackaged.file("config/application.properties");
    }

    private static Properties baseProperties() {
        Properties properties = new Properties();
        String location = LocalOrPackaged.file("config/application.properties");
        try (InputStream in = location.startsWith("file:")
                ? Files.newInputStream(Path.of(location.substring("file:".length())))
                : ServiceMode.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()))) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
        return properties;
    }
}
