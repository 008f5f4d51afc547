package io.folderresolver.local.folders;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersGrpc;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import com.google.cloud.resourcemanager.v3.ListFoldersRequest;
import com.google.cloud.resourcemanager.v3.ListFoldersResponse;
import com.google.cloud.resourcemanager.v3.SearchFoldersRequest;
import com.google.cloud.resourcemanager.v3.SearchFoldersResponse;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** The read side of {@code google.cloud.resourcemanager.v3.Folders}, answered from a {@link FolderTree}. */
final class FoldersStandInService extends FoldersGrpc.FoldersImplBase {

    private static final int DEFAULT_PAGE_SIZE = 100;
    /** The most folders one page returns, whatever the page size asked, unless the behaviour caps search lower. */
    static final int MAX_PAGE_SIZE = 1000;
    /** Where SearchFolders keeps its latency among the per-ID ones (IDs are digits). */
    static final String SEARCH = "search";

    private final FolderTree tree;
    private final StandInBehaviour behaviour;
    private final Optional<Bucket> quota;
    private final Optional<Bucket> searchQuota;
    private final ScheduledExecutorService answerer;
    private final CallCounters counters;
    private final Map<String, Duration> extraLatency = new ConcurrentHashMap<>();
    private final Map<String, Deque<Status.Code>> scriptedFailures = new ConcurrentHashMap<>();
    private volatile boolean outage;
    private volatile SetupFault setupFault;
    /** Search answers held back while searches are held; null while they are not. */
    private List<Runnable> heldSearches;

    FoldersStandInService(FolderTree tree, StandInBehaviour behaviour, TimeMeter quotaClock,
            ScheduledExecutorService answerer, CallCounters counters) {
        this.tree = tree;
        this.behaviour = behaviour;
        this.answerer = answerer;
        this.counters = counters;
        int perSecond = behaviour.quotaPerSecond();
        this.quota = quota(perSecond, behaviour.quotaBurst() > 0 ? behaviour.quotaBurst() : perSecond,
                behaviour.quotaPerMinute(), quotaClock);
        this.searchQuota = quota(behaviour.searchQuotaPerSecond(), behaviour.searchQuotaPerSecond(), 0, quotaClock);
    }

    /**
     * A quota of {@code perSecond} calls in bursts of at most {@code burst}, and at most {@code perMinute} calls in
     * any minute where that is set (Google counts both windows); none for a per-second quota of 0.
     */
    private static Optional<Bucket> quota(int perSecond, int burst, int perMinute, TimeMeter clock) {
        if (perSecond <= 0) {
            return Optional.empty();
        }
        var builder = Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)));
        if (perMinute > 0) {
            builder.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)));
        }
        return Optional.of(builder.build());
    }

    void unavailable(boolean on) {
        outage = on;
    }

    void setupFault(SetupFault fault) {
        setupFault = fault;
    }

    /** While held, SearchFolders answers wait; released, they go out in the order they were made. */
    void holdSearches(boolean hold) {
        List<Runnable> release;
        synchronized (this) {
            release = hold ? null : heldSearches;
            heldSearches = hold ? new ArrayList<>() : null;
        }
        if (release != null) {
            release.forEach(Runnable::run);
        }
    }

    void delay(String folderId, Duration latency) {
        extraLatency.put(folderId, latency);
    }

    void failNext(String folderId, Status.Code code, int times) {
        Deque<Status.Code> failures = scriptedFailures.computeIfAbsent(folderId, id -> new ArrayDeque<>());
        synchronized (failures) {
            for (int i = 0; i < times; i++) {
                failures.add(code);
            }
        }
    }

    @Override
    public void getFolder(GetFolderRequest request, StreamObserver<Folder> response) {
        String name = request.getName();
        String folderId = name.startsWith("folders/") ? name.substring("folders/".length()) : name;
        counters.getFolderCalled(folderId);
        SetupFault fault = setupFault;
        if (fault != null) {
            // Refused before the quota is counted: the call is not the project's to make.
            answer(folderId, response, fault.error());
            return;
        }
        boolean overQuota = quota.isPresent() && !quota.get().tryConsume(1);
        counters.arrived(folderId, overQuota);
        if (overQuota) {
            counters.resourceExhaustedAnswered();
            answer(folderId, response, GoogleErrors.rateLimitExceeded("GetFolder", behaviour.quotaPerSecond(),
                    untilNextToken(quota.get())));
            return;
        }
        Status.Code scripted = nextScriptedFailure(folderId);
        if (outage) {
            counters.unavailableAnswered();
            answer(folderId, response, GoogleErrors.unavailable("the stand-in is in an outage"));
        } else if (scripted != null) {
            answer(folderId, response, GoogleErrors.scripted(scripted, name));
        } else if (behaviour.unavailableRate() > 0 && ThreadLocalRandom.current().nextDouble() < behaviour.unavailableRate()) {
            counters.unavailableAnswered();
            answer(folderId, response, GoogleErrors.unavailable("injected UNAVAILABLE"));
        } else if (behaviour.notFoundIds().contains(folderId)) {
            answer(folderId, response, GoogleErrors.notFound(name));
        } else if (behaviour.permissionDeniedIds().contains(folderId)) {
            answer(folderId, response, GoogleErrors.permissionDenied(name));
        } else {
            Optional<Folder> folder = tree.get(name);
            if (folder.isPresent()) {
                answer(folderId, response, folder.get());
            } else {
                // Like the real API: a folder that doesn't exist looks the same as one you may not see.
                answer(folderId, response, GoogleErrors.permissionDenied(name));
            }
        }
    }

    @Override
    public void listFolders(ListFoldersRequest request, StreamObserver<ListFoldersResponse> response) {
        if (request.getParent().isEmpty()) {
            response.onError(GoogleErrors.invalidArgument("parent is required"));
            return;
        }
        Page page = Page.of(tree.childrenOf(request.getParent()), request.getPageSize(), MAX_PAGE_SIZE, request.getPageToken());
        if (page == null) {
            response.onError(GoogleErrors.invalidArgument("bad page token"));
            return;
        }
        response.onNext(ListFoldersResponse.newBuilder()
                .addAllFolders(page.folders()).setNextPageToken(page.nextToken()).build());
        response.onCompleted();
    }

    /**
     * Every folder the caller may get, in pages of at most {@value #MAX_PAGE_SIZE}, on a quota of its own. Supports
     * the query terms {@code displayName=X} and {@code parent=P}, joined by AND; empty matches all. Folders that
     * answer NOT_FOUND or PERMISSION_DENIED to GetFolder are not listed, as the real API lists only folders the
     * caller has {@code resourcemanager.folders.get} on.
     */
    @Override
    public void searchFolders(SearchFoldersRequest request, StreamObserver<SearchFoldersResponse> response) {
        counters.searchCalled();
        SetupFault fault = setupFault;
        if (fault != null) {
            answer(SEARCH, response, fault.error());
            return;
        }
        if (searchQuota.isPresent() && !searchQuota.get().tryConsume(1)) {
            counters.resourceExhaustedAnswered();
            answer(SEARCH, response, GoogleErrors.rateLimitExceeded("SearchFolders", behaviour.searchQuotaPerSecond(),
                    untilNextToken(searchQuota.get())));
            return;
        }
        if (outage) {
            counters.unavailableAnswered();
            answer(SEARCH, response, GoogleErrors.unavailable("the stand-in is in an outage"));
            return;
        }
        Predicate<Folder> matches = this::visible;
        for (String term : request.getQuery().split("(?i)\\s+AND\\s+")) {
            String[] keyValue = term.trim().split("[=:]", 2);
            if (term.isBlank()) {
                continue;
            }
            if (keyValue.length != 2) {
                response.onError(GoogleErrors.invalidArgument("unsupported query term: " + term));
                return;
            }
            String value = keyValue[1].trim().replace("\"", "");
            switch (keyValue[0].trim()) {
                case "displayName" -> matches = matches.and(folder -> folder.getDisplayName().equals(value));
                case "parent" -> matches = matches.and(folder -> folder.getParent().equals(value));
                default -> {
                    response.onError(GoogleErrors.invalidArgument("unsupported query field: " + keyValue[0]));
                    return;
                }
            }
        }
        List<Folder> found = tree.searchable(behaviour.searchLag()).stream().filter(matches).toList();
        int cap = behaviour.searchPageCap() > 0 ? behaviour.searchPageCap() : MAX_PAGE_SIZE;
        Page page = Page.of(found, request.getPageSize(), cap, request.getPageToken());
        if (page == null) {
            response.onError(GoogleErrors.invalidArgument("bad page token"));
            return;
        }
        answer(SEARCH, response, SearchFoldersResponse.newBuilder()
                .addAllFolders(page.folders()).setNextPageToken(page.nextToken()).build());
    }

    private boolean visible(Folder folder) {
        String folderId = folder.getName().substring("folders/".length());
        return !behaviour.notFoundIds().contains(folderId) && !behaviour.permissionDeniedIds().contains(folderId);
    }

    private Status.Code nextScriptedFailure(String folderId) {
        Deque<Status.Code> failures = scriptedFailures.get(folderId);
        if (failures == null) {
            return null;
        }
        synchronized (failures) {
            return failures.poll();
        }
    }

    /** How long until the quota lets a call through: what Google's RetryInfo says. */
    private static Duration untilNextToken(Bucket bucket) {
        return Duration.ofNanos(Math.max(1, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
    }

    /** After the latency: the message, or the error if the outcome is one. */
    private <T> void answer(String folderId, StreamObserver<T> response, Object outcome) {
        if (SEARCH.equals(folderId)) {
            synchronized (this) {
                if (heldSearches != null) {
                    heldSearches.add(() -> answer(folderId, response, outcome));
                    return;
                }
            }
        }
        answerer.schedule(() -> {
            if (outcome instanceof StatusRuntimeException error) {
                response.onError(error);
            } else {
                @SuppressWarnings("unchecked")
                T message = (T) outcome;
                response.onNext(message);
                response.onCompleted();
            }
        }, latencyFor(folderId).toNanos(), TimeUnit.NANOSECONDS);
    }

    private Duration latencyFor(String folderId) {
        Duration extra = extraLatency.get(folderId);
        if (extra != null) {
            return extra;
        }
        long jitterNanos = behaviour.jitter().toNanos();
        long offset = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos + 1);
        return Duration.ofNanos(Math.max(0, behaviour.latency().toNanos() + offset));
    }

    private record Page(List<Folder> folders, String nextToken) {
        /** Null for a page token this stand-in did not hand out. */
        static Page of(List<Folder> all, int pageSize, int cap, String pageToken) {
            int size = Math.min(pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE, cap);
            int from;
            try {
                from = pageToken.isEmpty() ? 0 : Integer.parseInt(pageToken);
            } catch (NumberFormatException e) {
                return null;
            }
            int to = Math.min(all.size(), from + size);
            return new Page(all.subList(Math.min(from, to), to), to < all.size() ? Integer.toString(to) : "");
        }
    }
}
