package io.folderresolver;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

/** The service's properties, read the way the wiring needs them: required, optional, as durations, flags or lists. */
public record Settings(PropertiesComponent properties) {

    public String required(String key) {
        return properties.resolveProperty(key).map(String::strip)
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }

    /** The value, or empty when the key is missing or blank. */
    public String text(String key) {
        return properties.resolveProperty(key).map(String::strip).orElse("");
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    public int integer(String key) {
        return Integer.parseInt(required(key));
    }

    public Duration duration(String key) {
        return TimeUtils.toDuration(required(key));
    }

    /** A comma-separated list of IDs. */
    public Set<String> ids(String key) {
        return Arrays.stream(text(key).split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .collect(Collectors.toSet());
    }
}
