package io.folderresolver.local.assets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.pubsub.EmulatorTopology;

/**
 * Plays Cloud Asset Inventory's feed for the sample org in local mode: a folder changed here is changed in the Folders
 * stand-in's tree and published as the feed's message (TemporalAsset JSON in the v2 folder data CAI serves: name,
 * parent, lifecycleState; ancestors from the folder up; update time; the folder as it was before).
 */
public final class LocalAssetFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder";

    private final FolderTree tree;
    private final Publisher publisher;

    public LocalAssetFeed(FolderTree tree, String pubsubAddress, String project, String topic) throws IOException {
        this.tree = tree;
        this.publisher = Publisher.newBuilder(TopicName.of(project, topic))
                .setChannelProvider(EmulatorTopology.plaintextChannel(pubsubAddress))
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build();
    }

    /**
     * Renames, moves or changes the state of a folder (a new one if the tree has none), then publishes the feed's
     * message; fields left null keep what the folder had. Returns the message published.
     */
    public String change(String folderId, String displayName, String parent, String state)
            throws InterruptedException {
        String name = "folders/" + folderId;
        Optional<Folder> before = tree.get(name);
        Folder.State newState = state != null ? Folder.State.valueOf(state)
                : before.map(Folder::getState).orElse(Folder.State.ACTIVE);
        tree.update(folderId, parent != null ? parent : before.map(Folder::getParent).orElseThrow(
                        () -> new IllegalArgumentException("a new folder needs a parent")),
                displayName != null ? displayName : before.map(Folder::getDisplayName).orElseThrow(
                        () -> new IllegalArgumentException("a new folder needs a displayName")), newState);
        Folder after = tree.get(name).orElseThrow();
        String message = temporalAsset(after, before.orElse(null)).toString();
        try {
            publisher.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(message)).build())
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UncheckedIOException(new IOException("cannot publish the feed message: " + e.getMessage(), e));
        }
        return message;
    }

    private ObjectNode temporalAsset(Folder after, Folder before) {
        String changedAt = Timestamps.toString(after.getUpdateTime());
        ObjectNode message = JSON.createObjectNode();
        message.set("asset", asset(after));
        if (before != null) {
            message.set("priorAsset", asset(before));
        }
        message.put("priorAssetState", before != null ? "PRESENT" : "DOES_NOT_EXIST");
        message.putObject("window").put("startTime", changedAt);
        return message;
    }

    private ObjectNode asset(Folder folder) {
        ObjectNode asset = JSON.createObjectNode();
        asset.putArray("ancestors").addAll(tree.ancestorsOf(folder).stream().map(JSON.getNodeFactory()::textNode).toList());
        asset.put("assetType", FOLDER_TYPE);
        asset.put("name", "//cloudresourcemanager.googleapis.com/" + folder.getName());
        ObjectNode resource = asset.putObject("resource");
        ObjectNode data = resource.putObject("data");
        data.put("createTime", Timestamps.toString(folder.getCreateTime()));
        data.put("displayName", folder.getDisplayName());
        data.put("lifecycleState", folder.getState().name());
        data.put("name", folder.getName());
        data.put("parent", folder.getParent());
        resource.put("discoveryDocumentUri", "https://cloudresourcemanager.googleapis.com/$discovery/rest?version=v2");
        resource.put("discoveryName", "Folder");
        resource.put("parent", "//cloudresourcemanager.googleapis.com/" + folder.getParent());
        resource.put("version", "v2");
        asset.put("updateTime", Timestamps.toString(folder.getUpdateTime()));
        return asset;
    }

    @Override
    public void close() throws InterruptedException {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
    }
}
