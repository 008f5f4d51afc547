package io.folderresolver.testing;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cloud Asset Inventory feed messages as Google publishes them for a folder: a TemporalAsset in proto3 JSON with the
 * v2 folder data CAI serves ({@code lifecycleState}), the update time in {@code asset.updateTime} and
 * {@code window.startTime}.
 */
public final class FeedMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedMessages() {
    }

    /** A folder's new state: {@code lifecycleState} ACTIVE or DELETE_REQUESTED. */
    public static String folder(String folderId, String displayName, String parent, String lifecycleState,
            Instant changedAt) {
        ObjectNode message = JSON.createObjectNode();
        ObjectNode asset = message.putObject("asset");
        asset.putArray("ancestors").add("folders/" + folderId).add(parent);
        asset.put("assetType", "cloudresourcemanager.googleapis.com/Folder");
        asset.put("name", "//cloudresourcemanager.googleapis.com/folders/" + folderId);
        ObjectNode resource = asset.putObject("resource");
        ObjectNode data = resource.putObject("data");
        data.put("createTime", "2023-05-10T08:15:30.123Z");
        data.put("displayName", displayName);
        data.put("lifecycleState", lifecycleState);
        data.put("name", "folders/" + folderId);
        data.put("parent", parent);
        resource.put("discoveryDocumentUri", "https://cloudresourcemanager.googleapis.com/$discovery/rest?version=v2");
        resource.put("discoveryName", "Folder");
        resource.put("parent", "//cloudresourcemanager.googleapis.com/" + parent);
        resource.put("version", "v2");
        asset.put("updateTime", changedAt.toString());
        message.put("priorAssetState", "PRESENT");
        message.putObject("window").put("startTime", changedAt.toString());
        return message.toString();
    }

    /** An ACTIVE folder's new name or parent. */
    public static String folder(String folderId, String displayName, String parent, Instant changedAt) {
        return folder(folderId, displayName, parent, "ACTIVE", changedAt);
    }

    /** The folder is gone (purged): {@code deleted: true}, no data. */
    public static String purged(String folderId, String parent, Instant changedAt) {
        ObjectNode message = JSON.createObjectNode();
        ObjectNode asset = message.putObject("asset");
        asset.putArray("ancestors").add("folders/" + folderId).add(parent);
        asset.put("assetType", "cloudresourcemanager.googleapis.com/Folder");
        asset.put("name", "//cloudresourcemanager.googleapis.com/folders/" + folderId);
        asset.putObject("resource").put("parent", "//cloudresourcemanager.googleapis.com/" + parent);
        asset.put("updateTime", changedAt.toString());
        message.put("deleted", true);
        message.put("priorAssetState", "PRESENT");
        message.putObject("window").put("startTime", changedAt.toString());
        return message.toString();
    }
}
