package io.folderresolver.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.folderresolver.local.folders.CallCounters;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.testing.ServiceProcess;

/**
 * How fast the one-shot command starts: {@code java -jar folder-resolver.jar resolve} on a one-ID batch, pointed at
 * a Folders stand-in in this process that timestamps each call as it arrives. Prints, per run, the time from
 * starting the child process to the first GetFolder reaching the server, and to the child's exit. Needs the
 * packaged jar ({@code mvn -q -DskipTests package}).
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.folderresolver.benchmark.ResolveStartupBenchmark -Dexec.args=5
 * </pre>
 */
public final class ResolveStartupBenchmark {

    private ResolveStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length == 0 ? 3 : Integer.parseInt(args[0]);
        Path work = Files.createTempDirectory("startup-benchmark-");
        Path ids = Files.writeString(work.resolve("ids.txt"), "111\n");
        System.out.println("| Run | Start to first GetFolder on the wire (s) | Start to exit (s) | Exit code |");
        System.out.println("| --: | --: | --: | --: |");
        try {
            for (int run = 1; run <= runs; run++) {
                try (FoldersStandIn standIn = FoldersStandIn.start(new FolderTree().add("111", "organizations/1", "Engineering"),
                        StandInBehaviour.immediate(), 0)) {
                    standIn.counters().recordArrivals();
                    ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-jar", ServiceProcess.JAR.toAbsolutePath().toString(), "resolve", "--local", "--quiet",
                            "--out", work.resolve("out.json").toString(), ids.toString())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                    // The stand-in in this process instead of the embedded one: its arrival times are on our clock.
                    command.environment().putAll(Map.of("FOLDERS_EMULATOR_ENABLED", "false",
                            "FOLDERS_ENDPOINT", standIn.address(), "FOLDERS_PLAINTEXT", "true"));
                    long start = System.nanoTime();
                    Process process = command.start();
                    if (!process.waitFor(5, TimeUnit.MINUTES)) {
                        process.destroyForcibly();
                        throw new IllegalStateException("the command did not end within 5 minutes");
                    }
                    long exited = System.nanoTime();
                    List<CallCounters.Arrival> arrivals = standIn.counters().arrivals();
                    String firstCall = arrivals.isEmpty() ? "none"
                            : String.format("%.2f", (arrivals.get(0).nanos() - start) / 1e9);
                    System.out.printf("| %d | %s | %.2f | %d |%n", run, firstCall, (exited - start) / 1e9, process.exitValue());
                }
            }
        } finally {
            BatchFiles.deleteRecursively(work);
        }
        System.exit(0);
    }
}
