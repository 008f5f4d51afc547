package io.folderresolver.assets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.folderresolver.resolver.FolderChange;
import io.folderresolver.resolver.Origin;

/**
 * One message of a Cloud Asset Inventory feed, as Google publishes it: a {@code TemporalAsset} in proto3 JSON, or,
 * first on a new feed's topic, a plain-text welcome. Folder data comes in the shape of Resource Manager v2
 * ({@code lifecycleState}, which CAI serves for folders today) or v3 ({@code state}); both are read.
 * {@code deleted: true} means the folder is gone (purged); a folder being deleted is an update with state
 * {@code DELETE_REQUESTED}.
 */
public sealed interface FeedMessage {

    String FOLDER_ASSET_TYPE = "cloudresourcemanager.googleapis.com/Folder";
    /** Google documents only that the welcome is a string; every consumer we know of matches this beginning. */
    String WELCOME_PREFIX = "You have successfully configured real time feed";

    /** The plain-text message a new feed publishes first. */
    record Welcome(String text) implements FeedMessage {
    }

    /** An asset of another type (a feed configured wider than folders). */
    record OtherAsset(String assetType) implements FeedMessage {
    }

    /** A folder's new state, or that it is gone. */
    record Change(FolderChange change) implements FeedMessage {
    }

    ObjectMapper JSON = new ObjectMapper();
    Pattern FOLDER_NAME = Pattern.compile("//cloudresourcemanager\\.googleapis\\.com/folders/(\\d+)");

    /**
     * @param observedAt when this service received it (a result's {@code observedAt})
     * @throws UnreadableFeedMessageException for a message that is neither the welcome nor a readable asset
     */
    static FeedMessage read(byte[] body, Instant observedAt) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith(WELCOME_PREFIX)) {
            return new Welcome(text);
        }
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnreadableFeedMessageException("not JSON, and not the feed's welcome message: "
                    + e.getOriginalMessage());
        }
        JsonNode asset = message == null ? null : message.path("asset");
        if (asset == null || !asset.isObject()) {
            throw new UnreadableFeedMessageException("not a TemporalAsset: no asset object");
        }
        String assetType = asset.path("assetType").asText("");
        if (!FOLDER_ASSET_TYPE.equals(assetType)) {
            return new OtherAsset(assetType);
        }
        Matcher name = FOLDER_NAME.matcher(asset.path("name").asText(""));
        if (!name.matches()) {
            throw new UnreadableFeedMessageException("a Folder asset without a folder name: asset.name is '"
                    + asset.path("name").asText("") + "'");
        }
        Instant changedAt = time(asset.path("updateTime"), "asset.updateTime");
        Instant windowStart = time(message.path("window").path("startTime"), "window.startTime");
        if (changedAt == null && windowStart == null) {
            throw new UnreadableFeedMessageException("folders/" + name.group(1)
                    + ": neither asset.updateTime nor window.startTime, so it cannot be ordered against other changes");
        }
        Origin origin = new Origin("feed", observedAt, changedAt, windowStart);
        if (message.path("deleted").asBoolean(false)) {
            return new Change(FolderChange.gone(name.group(1), origin));
        }
        JsonNode data = asset.path("resource").path("data");
        String displayName = data.path("displayName").asText("");
        String parent = data.path("parent").asText("");
        if (displayName.isEmpty() || parent.isEmpty()) {
            throw new UnreadableFeedMessageException("folders/" + name.group(1)
                    + ": asset.resource.data has no displayName or parent");
        }
        String state = data.hasNonNull("state") ? data.get("state").asText() : data.path("lifecycleState").asText("ACTIVE");
        return new Change(FolderChange.present(name.group(1), displayName, parent, state, origin));
    }

    /** A proto3 JSON timestamp (RFC 3339, any number of fractional digits), or null where there is none. */
    private static Instant time(JsonNode value, String field) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new UnreadableFeedMessageException(field + " is not a timestamp: '" + value.asText() + "'");
        }
    }
}
