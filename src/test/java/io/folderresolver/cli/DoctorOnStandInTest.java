package io.folderresolver.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.io.StringWriter;

import io.folderresolver.pubsub.testing.PubSubStandInExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor's contract on the Pub/Sub stand-in, and a correct local setup (the embedded stand-ins) all ticked. */
class DoctorOnStandInTest extends DoctorContract {

    @RegisterExtension
    static final PubSubStandInExtension SERVER = new PubSubStandInExtension();

    @Override
    String pubsubAddress() {
        return SERVER.address();
    }

    @Test
    void should_pass_every_check_in_local_mode_on_the_embedded_stand_ins(@TempDir Path dirs) throws Exception {
        Path config = Files.writeString(dirs.resolve("local.properties"), "ingest.file.dir = " + dirs.resolve("inbox")
                + "\noutput.file.dir = " + dirs.resolve("outbox") + "\n");
        StringWriter out = new StringWriter();

        int exit = ResolveCommand.withUsageExit(new CommandLine(new DoctorCommand())).setOut(new PrintWriter(out, true))
                .execute("--local", "--config", config.toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("\u2713 configuration: mode local")
                .contains("\u2713 GetFolder: folders/").contains("\u2713 Pub/Sub: the embedded stand-in")
                .contains("\u2713 ListAssets: ").contains("folders on the first page of organizations/100000000001");
    }
}
