package io.folderresolver.local.assets;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.cloud.asset.v1.Asset;
import com.google.cloud.asset.v1.AssetServiceGrpc;
import com.google.cloud.asset.v1.ContentType;
import com.google.cloud.asset.v1.ListAssetsRequest;
import com.google.cloud.asset.v1.ListAssetsResponse;
import com.google.cloud.asset.v1.Resource;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import com.google.cloud.asset.v1.SearchAllResourcesResponse;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.Timestamps;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.GoogleErrors;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Cloud Asset Inventory's {@code ListAssets} and {@code SearchAllResources} for the folders of a {@link FolderTree},
 * as Google documents them: folder data in the v2 shape CAI serves ({@code lifecycleState}), ancestors from the folder
 * itself up to the organization, pages of at most 1,000 (ListAssets, default 100) and 500 (search), search times in
 * whole seconds, folders being deleted listed with their state, per-minute quotas answered RESOURCE_EXHAUSTED with
 * ErrorInfo and RetryInfo. Only folders are served; any other asset type, content type or query is refused
 * INVALID_ARGUMENT, so a client asking for something else learns it here rather than against Google.
 */
final class AssetServiceStandIn extends AssetServiceGrpc.AssetServiceImplBase {

    static final String SERVICE = "cloudasset.googleapis.com";
    static final String FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder";
    private static final String PREFIX = "//cloudresourcemanager.googleapis.com/";
    private static final int LIST_DEFAULT_PAGE = 100;
    private static final int LIST_MAX_PAGE = 1000;
    private static final int SEARCH_MAX_PAGE = 500;
    /** {@code updateTime > N} (seconds), {@code updateTime > "2024-01-01T00:00:00"} or {@code updateTime > 2024-01-01}. */
    private static final Pattern UPDATED_AFTER = Pattern.compile("\\s*updateTime\\s*>\\s*\"?([^\"]+?)\"?\\s*");

    private final FolderTree tree;
    private final Optional<Bucket> listQuota;
    private final Optional<Bucket> searchQuota;
    private final int listPerMinute;
    private final int searchPerMinute;
    private final AssetCallCounters counters;

    /** @param listPerMinute ListAssets calls a minute (0 = no limit); {@code searchPerMinute} likewise */
    AssetServiceStandIn(FolderTree tree, int listPerMinute, int searchPerMinute, TimeMeter clock,
            AssetCallCounters counters) {
        this.tree = tree;
        this.listPerMinute = listPerMinute;
        this.searchPerMinute = searchPerMinute;
        this.listQuota = perMinute(listPerMinute, clock);
        this.searchQuota = perMinute(searchPerMinute, clock);
        this.counters = counters;
    }

    private static Optional<Bucket> perMinute(int calls, TimeMeter clock) {
        return calls <= 0 ? Optional.empty() : Optional.of(Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(limit -> limit.capacity(calls).refillIntervally(calls, Duration.ofMinutes(1))).build());
    }

    @Override
    public void listAssets(ListAssetsRequest request, StreamObserver<ListAssetsResponse> response) {
        counters.listCalled();
        if (refusedForQuota(listQuota, "ListAssets", listPerMinute, response)) {
            return;
        }
        if (!request.getAssetTypesList().equals(List.of(FOLDER_TYPE)) || request.getContentType() != ContentType.RESOURCE) {
            response.onError(invalid("this stand-in serves asset_types=[" + FOLDER_TYPE + "] with content_type=RESOURCE only"));
            return;
        }
        Optional<List<Folder>> inScope = inScope(request.getParent());
        if (inScope.isEmpty()) {
            response.onError(invalid("parent must be organizations/N or folders/N, was '" + request.getParent() + "'"));
            return;
        }
        Page page = Page.of(inScope.get().size(), request.getPageSize() > 0 ? Math.min(request.getPageSize(), LIST_MAX_PAGE)
                : LIST_DEFAULT_PAGE, request.getPageToken());
        if (page == null) {
            response.onError(invalid("bad page token"));
            return;
        }
        ListAssetsResponse.Builder answer = ListAssetsResponse.newBuilder()
                .setReadTime(Timestamps.fromMillis(System.currentTimeMillis()))
                .setNextPageToken(page.nextToken());
        inScope.get().subList(page.from(), page.to()).forEach(folder -> answer.addAssets(asset(folder)));
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void searchAllResources(SearchAllResourcesRequest request, StreamObserver<SearchAllResourcesResponse> response) {
        counters.searchCalled();
        if (refusedForQuota(searchQuota, "SearchAllResources", searchPerMinute, response)) {
            return;
        }
        if (!request.getAssetTypesList().equals(List.of(FOLDER_TYPE))) {
            response.onError(invalid("this stand-in serves asset_types=[" + FOLDER_TYPE + "] only"));
            return;
        }
        Optional<List<Folder>> inScope = inScope(request.getScope());
        if (inScope.isEmpty()) {
            response.onError(invalid("scope must be organizations/N or folders/N, was '" + request.getScope() + "'"));
            return;
        }
        Instant after = Instant.EPOCH;
        if (!request.getQuery().isBlank()) {
            Matcher updated = UPDATED_AFTER.matcher(request.getQuery());
            Optional<Instant> parsed = updated.matches() ? time(updated.group(1)) : Optional.empty();
            if (parsed.isEmpty()) {
                response.onError(invalid("this stand-in understands only the query 'updateTime > T', was '"
                        + request.getQuery() + "'"));
                return;
            }
            after = parsed.get();
        }
        Instant since = after;
        List<Folder> found = inScope.get().stream()
                .filter(folder -> wholeSeconds(folder.getUpdateTime()).isAfter(since)).toList();
        Page page = Page.of(found.size(), request.getPageSize() > 0 ? Math.min(request.getPageSize(), SEARCH_MAX_PAGE)
                : SEARCH_MAX_PAGE, request.getPageToken());
        if (page == null) {
            response.onError(invalid("bad page token"));
            return;
        }
        SearchAllResourcesResponse.Builder answer = SearchAllResourcesResponse.newBuilder().setNextPageToken(page.nextToken());
        found.subList(page.from(), page.to()).forEach(folder -> answer.addResults(searchResult(folder)));
        response.onNext(answer.build());
        response.onCompleted();
    }

    private <T> boolean refusedForQuota(Optional<Bucket> quota, String method, int perMinute, StreamObserver<T> response) {
        if (quota.isEmpty()) {
            return false;
        }
        ConsumptionProbe probe = quota.get().tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return false;
        }
        counters.refusedForQuota();
        response.onError(GoogleErrors.rateLimitExceeded(SERVICE, method, perMinute, "Minute",
                Duration.ofNanos(probe.getNanosToWaitForRefill())));
        return true;
    }

    /** The folders under an organization or folder (not the folder itself), in the tree's order. */
    private Optional<List<Folder>> inScope(String scope) {
        if (!scope.matches("(organizations|folders)/\\d+")) {
            return Optional.empty();
        }
        List<Folder> under = new ArrayList<>();
        for (Folder folder : tree.all()) {
            List<String> ancestors = tree.ancestorsOf(folder);
            if (ancestors.subList(1, ancestors.size()).contains(scope)) {
                under.add(folder);
            }
        }
        return Optional.of(under);
    }

    private Asset asset(Folder folder) {
        Struct data = Struct.newBuilder().putAllFields(Map.of(
                "createTime", text(Timestamps.toString(folder.getCreateTime())),
                "displayName", text(folder.getDisplayName()),
                "lifecycleState", text(folder.getState().name()),
                "name", text(folder.getName()),
                "parent", text(folder.getParent()))).build();
        return Asset.newBuilder()
                .setName(PREFIX + folder.getName())
                .setAssetType(FOLDER_TYPE)
                .setResource(Resource.newBuilder()
                        .setVersion("v2")
                        .setDiscoveryDocumentUri("https://cloudresourcemanager.googleapis.com/$discovery/rest?version=v2")
                        .setDiscoveryName("Folder")
                        .setParent(PREFIX + folder.getParent())
                        .setData(data))
                .addAllAncestors(tree.ancestorsOf(folder))
                .setUpdateTime(folder.getUpdateTime())
                .build();
    }

    private ResourceSearchResult searchResult(Folder folder) {
        List<String> ancestors = tree.ancestorsOf(folder);
        String top = ancestors.get(ancestors.size() - 1);
        return ResourceSearchResult.newBuilder()
                .setName(PREFIX + folder.getName())
                .setAssetType(FOLDER_TYPE)
                .setDisplayName(folder.getDisplayName())
                .setParentFullResourceName(PREFIX + folder.getParent())
                .setParentAssetType(folder.getParent().startsWith("folders/") ? FOLDER_TYPE
                        : "cloudresourcemanager.googleapis.com/Organization")
                .setState(folder.getState().name())
                .addAllFolders(ancestors.stream().filter(name -> name.startsWith("folders/")).toList())
                .setOrganization(top.startsWith("organizations/") ? top : "")
                .setCreateTime(seconds(folder.getCreateTime()))
                .setUpdateTime(seconds(folder.getUpdateTime()))
                .build();
    }

    /** Search gives times in whole seconds. */
    private static Timestamp seconds(Timestamp time) {
        return Timestamp.newBuilder().setSeconds(time.getSeconds()).build();
    }

    private static Instant wholeSeconds(Timestamp time) {
        return Instant.ofEpochSecond(time.getSeconds());
    }

    private static Optional<Instant> time(String text) {
        List<Function<String, Instant>> formats = List.of(
                value -> Instant.ofEpochSecond(Long.parseLong(value)),
                value -> Instant.parse(value.endsWith("Z") ? value : value + "Z"),
                value -> LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
        for (Function<String, Instant> format : formats) {
            try {
                return Optional.of(format.apply(text.trim()));
            } catch (NumberFormatException | DateTimeParseException e) {
                // the next format
            }
        }
        return Optional.empty();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static io.grpc.StatusRuntimeException invalid(String message) {
        return GoogleErrors.error(Status.Code.INVALID_ARGUMENT, message, "INVALID_ARGUMENT", SERVICE, Map.of());
    }

    /** Offsets as page tokens; null for a token this stand-in did not hand out. */
    private record Page(int from, int to, String nextToken) {
        static Page of(int total, int size, String token) {
            int from;
            try {
                from = token.isEmpty() ? 0 : Integer.parseInt(token);
            } catch (NumberFormatException e) {
                return null;
            }
            if (from < 0 || from > total) {
                return null;
            }
            int to = Math.min(total, from + size);
            return new Page(from, to, to < total ? Integer.toString(to) : "");
        }
    }
}
