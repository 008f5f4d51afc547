package io.folderresolver.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.Subscription;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.SetupFault;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.pubsub.testing.PubSubClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} against a Folders stand-in and a Pub/Sub server (ours or Google's emulator), through the official
 * clients as the service uses them: every check passes on a correct setup; each fault it is built for is a cross
 * with its fix (a dead-letter topic nobody reads, the API disabled in the project, Redis down, an outbox that cannot
 * be written).
 */
abstract class DoctorContract {

    @TempDir
    Path work;
    private FoldersStandIn folders;
    private PubSubClients pubsub;
    private String deadLetterTopic;
    private String resultTopic;
    private final StringWriter out = new StringWriter();

    /** host:port of the Pub/Sub server under test. */
    abstract String pubsubAddress();

    @AfterEach
    void close() {
        if (pubsub != null) {
            pubsub.close();
        }
        if (folders != null) {
            folders.close();
        }
    }

    /** A setup as the recipe makes it: the subscription with a dead-letter policy, readers on both output topics. */
    private Path correctSetup() throws Exception {
        folders = FoldersStandIn.start(new FolderTree().add("111", "organizations/1", "Engineering"),
                StandInBehaviour.immediate(), 0);
        pubsub = new PubSubClients(pubsubAddress());
        String batches = pubsub.createTopic();
        resultTopic = pubsub.createTopic();
        deadLetterTopic = pubsub.createTopic();
        String subscription = pubsub.createSubscription(batches, Subscription.newBuilder()
                .setDeadLetterPolicy(DeadLetterPolicy.newBuilder().setDeadLetterTopic(deadLetterTopic).setMaxDeliveryAttempts(6)));
        pubsub.createSubscription(resultTopic);
        String feed = pubsub.createSubscription(pubsub.createTopic());
        return config(String.join("\n",
                "folders.emulator.enabled = false",
                "folders.endpoint = " + folders.address(),
                "folders.plaintext = true",
                "pubsub.emulator.enabled = false",
                "pubsub.emulator.host = " + pubsubAddress(),
                "gcp.project = " + PubSubClients.PROJECT.substring("projects/".length()),
                "ingest.pubsub.topic = " + PubSubClients.shortName(batches),
                "ingest.pubsub.subscription = " + PubSubClients.shortName(subscription),
                "output.pubsub.topic = " + PubSubClients.shortName(resultTopic),
                "output.pubsub.dead-letter-topic = " + PubSubClients.shortName(deadLetterTopic),
                "ingest.asset-feed.subscription = " + PubSubClients.shortName(feed),
                "resolver.asset.scope = ",
                "ingest.file.dir = " + work.resolve("inbox"),
                "output.file.dir = " + work.resolve("outbox")));
    }

    @Test
    void should_pass_every_check_on_a_correct_setup() throws Exception {
        Path config = correctSetup();
        pubsub.createSubscription(deadLetterTopic);

        int exit = doctor("--config", config.toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(lines()).allSatisfy(line -> assertThat(line).startsWith("\u2713 "));
        assertThat(lines()).extracting(line -> line.substring(2, line.indexOf(':'))).containsExactly("configuration",
                "credentials", "SearchFolders", "GetFolder", "subscription", "dead-letter policy",
                "asset feed subscription", "result topic", "dead-letter topic", "inbox", "outbox");
        assertThat(out.toString()).contains("\u2713 GetFolder: folders/111 is 'Engineering'");
    }

    @Test
    void should_name_each_fault_it_is_built_for_with_its_fix() throws Exception {
        Path config = correctSetup();
        folders.setupFault(SetupFault.SERVICE_DISABLED);
        Path notADirectory = Files.writeString(work.resolve("outbox-file"), "");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(config, String.join("\n", "",
                "output.file.dir = " + notADirectory,
                "ingest.asset-feed.subscription = missing-feed",
                "resolver.shared.redis-uri = redis://127.0.0.1:" + closedPort), java.nio.file.StandardOpenOption.APPEND);

        int exit = doctor("--config", config.toString(), "--folder", "111", "--timeout", "2s");

        assertThat(exit).as(out.toString()).isEqualTo(1);
        assertThat(out.toString())
                .contains("\u2717 SearchFolders: a fault in the set-up, SERVICE_DISABLED")
                .contains("\u2717 GetFolder: folders/111: a fault in the set-up, SERVICE_DISABLED")
                .contains("gcloud services enable cloudresourcemanager.googleapis.com --project=123456789012")
                .contains("\u2717 dead-letter topic: " + deadLetterTopic + " has no subscription: Pub/Sub drops what is"
                        + " published to it. Fix: gcloud pubsub subscriptions create")
                .contains("\u2717 asset feed subscription: " + PubSubClients.PROJECT + "/subscriptions/missing-feed does "
                        + "not exist. Fix: gcloud pubsub subscriptions create missing-feed")
                .contains("\u2717 Redis: 127.0.0.1:" + closedPort + " does not answer")
                .contains("\u2717 outbox: cannot write " + notADirectory)
                .contains("\u2713 result topic").contains("\u2713 inbox");
    }

    private int doctor(String... args) {
        return ResolveCommand.withUsageExit(new CommandLine(new DoctorCommand())).setOut(new PrintWriter(out, true))
                .execute(args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    private Path config(String properties) throws Exception {
        return Files.writeString(work.resolve("doctor.properties"), properties + "\n");
    }

}
