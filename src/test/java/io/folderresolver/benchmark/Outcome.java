package io.folderresolver.benchmark;

import java.time.Duration;

/** What one implementation reports about its own run: how long the batch took and how many names it lost. */
record Outcome(Duration wall, int lost) {
}
