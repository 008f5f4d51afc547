package io.folderresolver.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped logback.xml: text from outside cannot forge a log line. */
class LogEscapingTest {

    private static String layOut(String message, Object... arguments) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<?> console = (OutputStreamAppender<?>) root.getAppender("text");
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) console.getEncoder();
        LoggingEvent event = new LoggingEvent(LogEscapingTest.class.getName(), root, Level.WARN, message, null, arguments);
        return encoder.getLayout().doLayout(event);
    }

    @Test
    void should_escape_line_breaks_and_control_characters_in_messages() {
        String line = layOut("Batch {} rejected", "evil\n03:00:00.000 ERROR [main] FORGED\r\u001b[31mred\u0007");

        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1))
                .doesNotContain("\n", "\r", "\u001b", "\u0007")
                .contains("evil\\n03:00:00.000 ERROR [main] FORGED\\r?[31mred?");
    }
}
