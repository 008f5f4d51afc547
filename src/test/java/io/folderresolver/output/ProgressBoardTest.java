package io.folderresolver.output;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.batch.Batch;
import io.folderresolver.batch.FolderResult;
import io.folderresolver.batch.FolderStatus;
import io.folderresolver.testing.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch that stops moving is seen, on a clock the test moves: stalled once entries are left and none completed for
 * the stall timeout, said once in a WARN with what lookups wait for, counted in a gauge and shown in the JSON view;
 * moving again clears it.
 */
class ProgressBoardTest {

    private static final Duration STALL = Duration.ofMinutes(10);

    @TempDir
    Path outbox;
    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressBoard.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(log);
    }

    @Test
    void should_say_once_when_a_batch_stops_moving_and_clear_it_when_it_moves_again() throws Exception {
        ProgressBoard board = new ProgressBoard(outbox, meters, clock::read, STALL, () -> "the Folders API, unreachable");
        BatchProgress progress = board.start(batch("waiting", 3));
        progress.record(resolved(0));
        board.report();

        clock.advance(STALL.minusSeconds(1));
        board.report();
        assertThat(stalledGauge()).isZero();

        clock.advance(Duration.ofSeconds(1));
        board.report();
        clock.advance(Duration.ofMinutes(5));
        board.report();

        assertThat(stalledGauge()).isEqualTo(1);
        assertThat(warnings()).singleElement().asString().contains("Batch waiting from file:waiting.txt has had no entry"
                + " completed for PT10M").contains("1 of 3 done").contains("waiting for the Folders API, unreachable");
        JsonNode view = new ObjectMapper().readTree(board.json()).get("batches").get(0);
        assertThat(view.get("stalled").asBoolean()).isTrue();
        assertThat(view.get("unmovingSeconds").asLong()).isEqualTo(Duration.ofMinutes(15).toSeconds());
        assertThat(view.get("waitingFor").asText()).isEqualTo("the Folders API, unreachable");

        progress.record(resolved(1));
        board.report();

        assertThat(stalledGauge()).isZero();
        assertThat(new ObjectMapper().readTree(board.json()).get("batches").get(0).get("stalled").asBoolean()).isFalse();
        assertThat(meters.get("folder.resolver.batch.entries.remaining").gauge().value()).isEqualTo(1);
    }

    @Test
    void should_never_call_a_batch_stalled_that_has_nothing_left() throws Exception {
        ProgressBoard board = new ProgressBoard(outbox, meters, clock::read, STALL, () -> "nothing");
        BatchProgress progress = board.start(batch("finishing", 1));
        progress.record(resolved(0));
        board.report();

        clock.advance(STALL.multipliedBy(3));
        board.report();

        assertThat(stalledGauge()).isZero();
        assertThat(warnings()).isEmpty();
    }

    private double stalledGauge() {
        return meters.get("folder.resolver.batches.stalled").gauge().value();
    }

    private List<String> warnings() {
        return log.list.stream().filter(event -> event.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static FolderResult resolved(int index) {
        return new FolderResult(index, Integer.toString(100 + index), "Name", FolderStatus.RESOLVED, null);
    }

    private static Batch batch(String batchId, int total) {
        return new Batch(batchId, "file:" + batchId + ".txt", java.time.Instant.EPOCH, total, "0123456789abcdef");
    }
}
