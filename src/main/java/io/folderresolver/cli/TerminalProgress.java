package io.folderresolver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.folderresolver.output.BatchProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * A progress bar on stderr for a person at a terminal (me.tongfei:progressbar): done of total, entries per second,
 * elapsed and ETA, resolved and not so far. It redraws one line in place, so it is only for terminals; elsewhere
 * the service's plain progress line every {@code --progress-interval} does the job.
 */
public final class TerminalProgress implements AutoCloseable {

    private static final int FALLBACK_WIDTH = 100;

    private final Line line;
    private final Supplier<Optional<BatchProgress.Snapshot>> progress;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress-bar");
        thread.setDaemon(true);
        return thread;
    });
    /** Built when the batch has been read and its size is known. */
    private ProgressBar bar;

    private TerminalProgress(PrintStream terminal, int width, Supplier<Optional<BatchProgress.Snapshot>> progress) {
        this.line = new Line(terminal, width);
        this.progress = progress;
    }

    static TerminalProgress start(PrintStream terminal, Supplier<Optional<BatchProgress.Snapshot>> progress) {
        TerminalProgress shown = new TerminalProgress(terminal, terminalWidth(), progress);
        shown.poller.scheduleWithFixedDelay(shown::update, 0, 200, TimeUnit.MILLISECONDS);
        return shown;
    }

    /** Whether stderr is a terminal, by JLine's check (it runs {@code test -t 2}); false where that cannot run. */
    public static boolean stderrIsTerminal() {
        try {
            return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
        } catch (IOException | RuntimeException notKnown) {
            return false;
        }
    }

    private static int terminalWidth() {
        try {
            int width = TerminalProvider.load("exec").systemStreamWidth(SystemStream.Error);
            return width > 0 ? width : FALLBACK_WIDTH;
        } catch (IOException | RuntimeException notKnown) {
            return FALLBACK_WIDTH;
        }
    }

    private synchronized void update() {
        progress.get().ifPresent(snapshot -> show(snapshot.batchId(), snapshot.total(), snapshot.done(), snapshot.resolved()));
    }

    /** The batch ended with these counts: the bar shows them and ends its line. */
    synchronized void finish(String batchId, int total, long resolved) {
        poller.shutdownNow();
        show(batchId, total, total, resolved);
        close();
    }

    private void show(String batchId, int total, long done, long resolved) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(batchId).setInitialMax(total).setUnit(" IDs", 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .showSpeed(new DecimalFormat("0.0")).setSpeedUnit(ChronoUnit.SECONDS).setUpdateIntervalMillis(200)
                    .setConsumer(line).build();
        }
        bar.stepTo(done);
        bar.setExtraMessage(String.format(" %,d resolved, %,d not", resolved, done - resolved));
    }

    /** Stops redrawing and ends the bar's line (also when interrupted), so what follows starts on a line of its own. */
    @Override
    public synchronized void close() {
        poller.shutdownNow();
        if (bar != null) {
            bar.close();
            bar = null;
            line.close();
        }
    }

    /**
     * The bar's line, ended once. ProgressBar 0.10.1 ends it only if it had drawn on its own schedule before
     * close(), so a batch done within the first redraw interval would leave the summary on the bar's line; close()
     * here ends it either way, and nothing is drawn after.
     */
    private static final class Line extends ConsoleProgressBarConsumer {

        private boolean ended;

        Line(PrintStream terminal, int width) {
            super(terminal, width);
        }

        @Override
        public synchronized void accept(String rendered) {
            if (!ended) {
                super.accept(rendered);
            }
        }

        @Override
        public synchronized void close() {
            if (!ended) {
                ended = true;
                super.close();
            }
        }
    }
}
