package io.folderresolver.resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.cloud.asset.v1.Asset;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.ContentType;
import com.google.cloud.asset.v1.ListAssetsRequest;
import com.google.cloud.asset.v1.ListAssetsResponse;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud Asset Inventory's ListAssets of the folders under {@code resolver.asset.scope}, as pages of folders: names,
 * parents and states of a whole organization in pages of up to 1,000, under a quota of its own (100 calls a minute
 * per project), without touching the Folders API's. Folder data comes in the v2 shape CAI serves
 * ({@code lifecycleState}) or v3 ({@code state}); an asset without a folder name, display name or parent is skipped.
 * Calls are counted in {@code folder.resolver.asset.calls{method="ListAssets",code}}.
 */
final class AssetPages implements FolderListing.Pages {

    private static final Logger LOG = LoggerFactory.getLogger(AssetPages.class);
    static final String FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder";
    private static final Pattern FOLDER_NAME = Pattern.compile("//cloudresourcemanager\\.googleapis\\.com/(folders/\\d+)");

    private final AssetServiceClient client;
    private final String scope;
    private final MeterRegistry meters;

    /** @param scope {@code organizations/N} or {@code folders/N} */
    AssetPages(AssetServiceClient client, String scope, MeterRegistry meters) {
        this.client = client;
        this.scope = scope;
        this.meters = meters;
    }

    @Override
    public String method() {
        return "ListAssets";
    }

    @Override
    public String via() {
        return "assets";
    }

    @Override
    public FolderListing.Page fetch(String pageToken) {
        ListAssetsResponse page = client.listAssetsCallable().call(ListAssetsRequest.newBuilder()
                .setParent(scope)
                .addAssetTypes(FOLDER_TYPE)
                .setContentType(ContentType.RESOURCE)
                .setPageSize(FolderListing.PAGE_SIZE)
                .setPageToken(pageToken)
                .build());
        List<Folder> folders = new ArrayList<>(page.getAssetsCount());
        for (Asset asset : page.getAssetsList()) {
            Optional<Folder> folder = folderOf(asset);
            if (folder.isPresent()) {
                folders.add(folder.get());
            } else {
                LOG.debug("ListAssets gave an asset that is not a readable folder, skipped: {}", asset.getName());
            }
        }
        return new FolderListing.Page(folders, page.getNextPageToken());
    }

    @Override
    public void called(String code) {
        meters.counter("folder.resolver.asset.calls", "method", method(), "code", code).increment();
    }

    /** The folder an asset shows, as the Folders API would give it (name, parent, display name, state, update time). */
    static Optional<Folder> folderOf(Asset asset) {
        Matcher name = FOLDER_NAME.matcher(asset.getName());
        Struct data = asset.getResource().getData();
        String displayName = text(data, "displayName");
        String parent = text(data, "parent");
        if (!FOLDER_TYPE.equals(asset.getAssetType()) || !name.matches() || displayName.isEmpty() || parent.isEmpty()) {
            return Optional.empty();
        }
        String state = !text(data, "state").isEmpty() ? text(data, "state") : text(data, "lifecycleState");
        Folder.Builder folder = Folder.newBuilder().setName(name.group(1)).setParent(parent).setDisplayName(displayName)
                .setState(state(state));
        if (asset.hasUpdateTime()) {
            folder.setUpdateTime(asset.getUpdateTime());
        }
        return Optional.of(folder.build());
    }

    static Folder.State state(String state) {
        try {
            return state.isEmpty() ? Folder.State.ACTIVE : Folder.State.valueOf(state);
        } catch (IllegalArgumentException unknown) {
            return Folder.State.STATE_UNSPECIFIED;
        }
    }

    private static String text(Struct data, String field) {
        Value value = data.getFieldsOrDefault(field, Value.getDefaultInstance());
        return value.hasStringValue() ? value.getStringValue() : "";
    }
}
