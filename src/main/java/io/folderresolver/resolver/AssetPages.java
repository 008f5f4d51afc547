package io.folderresolver.resolver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.cloud.asset.v1.Asset;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.ContentType;
import com.google.cloud.asset.v1.ListAssetsRequest;
import com.google.cloud.asset.v1.ListAssetsResponse;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import com.google.cloud.asset.v1.SearchAllResourcesResponse;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud Asset Inventory's folders under {@code resolver.asset.scope}, as pages of folders the way the Folders API
 * gives them: every one through ListAssets (names, parents and states of a whole organization in pages of up to
 * 1,000, under a quota of its own, without touching the Folders API's), or those changed after a time through
 * SearchAllResources. Folder data comes in the v2 shape CAI serves ({@code lifecycleState}) or v3 ({@code state}); an
 * asset without a folder name, display name or parent is skipped. Calls are counted in
 * {@code folder.resolver.asset.calls{method,code}}.
 */
final class AssetPages {

    private static final Logger LOG = LoggerFactory.getLogger(AssetPages.class);
    static final String FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder";
    private static final Pattern FULL_NAME = Pattern.compile("//cloudresourcemanager\\.googleapis\\.com/((?:folders|organizations)/\\d+)");
    /** The most SearchAllResources serves a page. */
    private static final int SEARCH_PAGE_SIZE = 500;

    private AssetPages() {
    }

    /** ListAssets of every folder under {@code scope} ({@code organizations/N} or {@code folders/N}). */
    static FolderListing.Pages listAssets(AssetServiceClient client, String scope, MeterRegistry meters) {
        return counted("ListAssets", pageToken -> {
            ListAssetsResponse page = client.listAssetsCallable().call(ListAssetsRequest.newBuilder()
                    .setParent(scope)
                    .addAssetTypes(FOLDER_TYPE)
                    .setContentType(ContentType.RESOURCE)
                    .setPageSize(FolderListing.PAGE_SIZE)
                    .setPageToken(pageToken)
                    .build());
            List<Folder> folders = new ArrayList<>(page.getAssetsCount());
            for (Asset asset : page.getAssetsList()) {
                folderOf(asset).ifPresentOrElse(folders::add, () -> LOG.debug(
                        "ListAssets gave an asset that is not a readable folder, skipped: {}", asset.getName()));
            }
            return new FolderListing.Page(folders, page.getNextPageToken());
        }, meters);
    }

    /** SearchAllResources of the folders under {@code scope} changed after {@code after} (search keeps whole seconds). */
    static FolderListing.Pages changedSince(AssetServiceClient client, String scope, Instant after, MeterRegistry meters) {
        return counted("SearchAllResources", pageToken -> {
            SearchAllResourcesResponse page = client.searchAllResourcesCallable().call(
                    SearchAllResourcesRequest.newBuilder()
                            .setScope(scope)
                            .addAssetTypes(FOLDER_TYPE)
                            .setQuery("updateTime > " + after.getEpochSecond())
                            .setPageSize(SEARCH_PAGE_SIZE)
                            .setPageToken(pageToken)
                            .build());
            List<Folder> folders = new ArrayList<>(page.getResultsCount());
            page.getResultsList().forEach(result -> folderOf(result).ifPresent(folders::add));
            return new FolderListing.Page(folders, page.getNextPageToken());
        }, meters);
    }

    private static FolderListing.Pages counted(String method, Function<String, FolderListing.Page> fetch,
            MeterRegistry meters) {
        return new FolderListing.Pages(method, "assets", fetch,
                code -> meters.counter("folder.resolver.asset.calls", "method", method, "code", code).increment());
    }

    /** The folder an asset shows, as the Folders API would give it (name, parent, display name, state, update time). */
    static Optional<Folder> folderOf(Asset asset) {
        Matcher name = FULL_NAME.matcher(asset.getName());
        Struct data = asset.getResource().getData();
        String displayName = text(data, "displayName");
        String parent = text(data, "parent");
        if (!FOLDER_TYPE.equals(asset.getAssetType()) || !name.matches() || !name.group(1).startsWith("folders/")
                || displayName.isEmpty() || parent.isEmpty()) {
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

    /** The folder a search result shows; its update time in whole seconds, as search keeps it. */
    static Optional<Folder> folderOf(ResourceSearchResult result) {
        Matcher name = FULL_NAME.matcher(result.getName());
        Matcher parent = FULL_NAME.matcher(result.getParentFullResourceName());
        if (!name.matches() || !name.group(1).startsWith("folders/") || !parent.matches()
                || result.getDisplayName().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Folder.newBuilder().setName(name.group(1)).setParent(parent.group(1))
                .setDisplayName(result.getDisplayName()).setState(state(result.getState()))
                .setUpdateTime(result.getUpdateTime()).build());
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
