package io.folderresolver.resolver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import com.google.cloud.asset.v1.SearchAllResourcesResponse;
import com.google.cloud.resourcemanager.v3.Folder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Cloud Asset Inventory's SearchAllResources for the folders under {@code scope} changed after a time
 * ({@code updateTime > T}, in whole seconds as search keeps them), as pages of folders. Counted in
 * {@code folder.resolver.asset.calls{method="SearchAllResources",code}}.
 */
final class ChangedFolderPages implements FolderListing.Pages {

    private static final Pattern FULL_NAME = Pattern.compile("//cloudresourcemanager\\.googleapis\\.com/((?:folders|organizations)/\\d+)");
    private static final int PAGE_SIZE = 500;

    private final AssetServiceClient client;
    private final String scope;
    private final Instant after;
    private final MeterRegistry meters;

    ChangedFolderPages(AssetServiceClient client, String scope, Instant after, MeterRegistry meters) {
        this.client = client;
        this.scope = scope;
        this.after = after;
        this.meters = meters;
    }

    @Override
    public String method() {
        return "SearchAllResources";
    }

    @Override
    public String via() {
        return "assets";
    }

    @Override
    public FolderListing.Page fetch(String pageToken) {
        SearchAllResourcesResponse page = client.searchAllResourcesCallable().call(SearchAllResourcesRequest.newBuilder()
                .setScope(scope)
                .addAssetTypes(AssetPages.FOLDER_TYPE)
                .setQuery("updateTime > " + after.getEpochSecond())
                .setPageSize(PAGE_SIZE)
                .setPageToken(pageToken)
                .build());
        List<Folder> folders = new ArrayList<>(page.getResultsCount());
        for (ResourceSearchResult result : page.getResultsList()) {
            Matcher name = FULL_NAME.matcher(result.getName());
            Matcher parent = FULL_NAME.matcher(result.getParentFullResourceName());
            if (name.matches() && name.group(1).startsWith("folders/") && parent.matches()
                    && !result.getDisplayName().isEmpty()) {
                folders.add(Folder.newBuilder().setName(name.group(1)).setParent(parent.group(1))
                        .setDisplayName(result.getDisplayName()).setState(AssetPages.state(result.getState()))
                        .setUpdateTime(result.getUpdateTime()).build());
            }
        }
        return new FolderListing.Page(folders, page.getNextPageToken());
    }

    @Override
    public void called(String code) {
        meters.counter("folder.resolver.asset.calls", "method", method(), "code", code).increment();
    }
}
