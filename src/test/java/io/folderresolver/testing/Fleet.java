package io.folderresolver.testing;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.pubsub.PubSubStandIn;
import io.folderresolver.local.pubsub.SubscriptionStats;
import io.folderresolver.pubsub.testing.PubSubClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Several replicas of the service in this JVM (each its own Camel context, booted from the shipped config and
 * routes) on one Pub/Sub subscription and one Folders API stand-in, as on GKE: competing consumers of the batch
 * topic, each publishing its results to the result topic. With a Redis URI they share quota and cache through it.
 */
public final class Fleet implements AutoCloseable {

    private static final String PROJECT = "fleet";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final FoldersStandIn folders;
    private final PubSubStandIn pubsub;
    private final List<BootedService> replicas = new ArrayList<>();
    private final PubSubClients clients;
    private final Publisher publisher;
    /** Every result message that arrived, by batch ID: exactly one each when nothing is lost or doubled. */
    public final Map<String, List<PubsubMessage>> results = new ConcurrentHashMap<>();

    private Fleet(FoldersStandIn folders, PubSubStandIn pubsub, int replicaCount, int rate, String redisUri)
            throws Exception {
        this.folders = folders;
        this.pubsub = pubsub;
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(BootedService.boot(overrides(replicaCount, rate, redisUri)));
        }
        clients = new PubSubClients(pubsub.address());
        clients.subscriber(clients.createSubscription("projects/" + PROJECT + "/topics/folder-names"),
                (message, reply) -> {
                    results.computeIfAbsent(message.getAttributesOrThrow("batchId"), id -> new CopyOnWriteArrayList<>())
                            .add(message);
                    reply.ack();
                });
        publisher = clients.publisher("projects/" + PROJECT + "/topics/folder-batches");
    }

    /**
     * @param redisUri the Redis the replicas share, or null for none (each on its own limits and cache)
     * @param rate     {@code resolver.rate} of every replica, in bursts of 1
     */
    public static Fleet start(int replicas, String redisUri, FolderTree tree, StandInBehaviour behaviour, int rate)
            throws Exception {
        FoldersStandIn folders = FoldersStandIn.start(tree, behaviour, 0);
        PubSubStandIn pubsub = PubSubStandIn.start(0);
        try {
            return new Fleet(folders, pubsub, replicas, rate, redisUri);
        } catch (Exception | Error e) {
            pubsub.close();
            folders.close();
            throw e;
        }
    }

    /** Folders {@code folderIds}, each named after its ID ({@link #nameOf}), under one organization. */
    public static FolderTree tree(List<String> folderIds) {
        FolderTree tree = new FolderTree();
        folderIds.forEach(id -> tree.add(id, "organizations/1", nameOf(id)));
        return tree;
    }

    public static String nameOf(String folderId) {
        return "fleet-folder-" + folderId;
    }

    public void publish(String batchId, List<String> folderIds) throws Exception {
        Map<String, Object> batch = Map.of("batchId", batchId, "folderIds", folderIds);
        clients.publish(publisher, PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(JSON.writeValueAsBytes(batch))).build());
    }

    /** Batches replica {@code index} finished, whatever their outcome. */
    public double batchesDoneBy(int index) {
        return meters(index).find("folder.resolver.batches").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** What replica {@code index} serves at /observe/metrics. */
    public MeterRegistry meters(int index) {
        return replicas.get(index).context().getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
    }

    /** The batch subscription the replicas share. */
    public SubscriptionStats batchSubscription() {
        return pubsub.stats("projects/" + PROJECT + "/subscriptions/folder-batches-resolver");
    }

    public BootedService replica(int index) {
        return replicas.get(index);
    }

    private Map<String, String> overrides(int replicaCount, int rate, String redisUri) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("folders.emulator.enabled", "false");
        overrides.put("folders.endpoint", folders.address());
        overrides.put("folders.plaintext", "true");
        overrides.put("pubsub.emulator.host", pubsub.address());
        overrides.put("gcp.project", PROJECT);
        overrides.put("resolver.rate", Integer.toString(rate));
        overrides.put("resolver.burst", "1");
        // Every ID by GetFolder: what is measured is the quota and the calls per ID.
        overrides.put("resolver.bulk.enabled", "false");
        // Two batches at a time per replica, so the subscription spreads them over the fleet.
        overrides.put("ingest.pubsub.max-in-flight", "2");
        overrides.put("ingest.file.enabled", "false");
        overrides.put("ingest.file.dir", Files.createTempDirectory("fleet-inbox").toString());
        overrides.put("output.file.enabled", "false");
        overrides.put("demo.seed-sample-input", "false");
        overrides.put("camel.management.port", "0");
        if (redisUri != null) {
            overrides.put("resolver.shared.redis-uri", redisUri);
            overrides.put("resolver.shared.replicas", Integer.toString(replicaCount));
        }
        return overrides;
    }

    @Override
    public void close() {
        clients.close();
        replicas.forEach(BootedService::close);
        pubsub.close();
        folders.close();
    }
}
