package io.folderresolver.logging;

import java.io.IOException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.composite.AbstractFieldJsonProvider;
import net.logstash.logback.composite.JsonWritingUtils;

/**
 * The {@code severity} field of a JSON log line in Cloud Logging's own names: logback's WARN is WARNING there, and
 * TRACE has no equivalent below DEBUG.
 */
public final class CloudLoggingSeverity extends AbstractFieldJsonProvider<ILoggingEvent> {

    public CloudLoggingSeverity() {
        setFieldName("severity");
    }

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        JsonWritingUtils.writeStringField(generator, getFieldName(), severity(event.getLevel()));
    }

    static String severity(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "ERROR";
            case Level.WARN_INT -> "WARNING";
            case Level.INFO_INT -> "INFO";
            default -> "DEBUG";
        };
    }
}
