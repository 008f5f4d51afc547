package io.folderresolver.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The benchmark's side of the file route: drops a batch as a careful producer would and reads the result. */
final class BatchFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 2;

    private BatchFiles() {
    }

    /** Writes the batch next to the inbox's files under a .tmp name, which the route ignores. */
    static Path stage(Path inbox, String fileName, List<String> folderIds) throws IOException {
        Files.createDirectories(inbox);
        return Files.writeString(inbox.resolve(fileName + ".tmp"), String.join("\n", folderIds) + "\n",
                StandardCharsets.UTF_8);
    }

    /** The drop itself: one atomic rename, so the route can never see half a batch. */
    static void drop(Path staged, String fileName) throws IOException {
        Files.move(staged, staged.resolveSibling(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Waits for the result of the batch dropped as {@code <batchId>.<ext>}: the route names it
     * {@code <batchId>-<time>.json} and writes it under a dot-name first, so a visible file is a complete one.
     */
    static Path awaitResult(Path outbox, String batchId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Path> result = firstVisibleFile(outbox, batchId + "-");
            if (result.isPresent()) {
                return result.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no result in " + outbox + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The name each input position came back with, for the entries that came back RESOLVED. */
    static Map<Integer, String> resolvedNames(Path result) throws IOException {
        Map<Integer, String> names = new HashMap<>();
        for (JsonNode entry : JSON.readTree(result.toFile()).path("results")) {
            if ("RESOLVED".equals(entry.path("status").asText())) {
                names.put(entry.path("index").asInt(), entry.path("displayName").asText());
            }
        }
        return names;
    }

    private static Optional<Path> firstVisibleFile(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix))
                    .filter(Files::isRegularFile)
                    .min(Comparator.naturalOrder());
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
