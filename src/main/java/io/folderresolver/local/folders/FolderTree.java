package io.folderresolver.local.folders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.cloud.resourcemanager.v3.Folder;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

/**
 * The folders a {@link FoldersStandIn} serves, read from a CSV file with the header
 * {@code folder_id,parent,display_name} (GCP display names cannot contain commas), or
 * {@code folder_id,parent,display_name,state} where an empty state is ACTIVE and {@code DELETE_REQUESTED} is a
 * folder being deleted (Google keeps returning it, with its name, for about 30 days).
 */
public final class FolderTree {

    private final Map<String, Folder> byName = new LinkedHashMap<>();
    /** The time a folder's create and update times say (Google's clock, for the service). */
    private final java.time.Clock clock;

    public FolderTree() {
        this(java.time.Clock.systemUTC());
    }

    /** With update times from a clock the caller sets, for tests that need changes in distinct seconds. */
    public FolderTree(java.time.Clock clock) {
        this.clock = clock;
    }
    private final Set<String> notYetSearchable = new HashSet<>();
    /** Folders changed by {@link #update}: what search showed before, and when the change was made. */
    private final Map<String, Change> changes = new HashMap<>();

    private record Change(Folder before, long atNanos) {
    }

    public static FolderTree read(InputStream csv) {
        FolderTree tree = new FolderTree();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.trim().matches("folder_id,parent,display_name(,state)?")) {
                throw new IllegalArgumentException("folder tree CSV must start with folder_id,parent,display_name[,state]");
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split(",", -1);
                if (columns.length != 3 && columns.length != 4) {
                    throw new IllegalArgumentException("folder tree CSV line has not 3 or 4 columns: " + line);
                }
                String state = columns.length == 4 ? columns[3].trim() : "";
                tree.add(columns[0].trim(), columns[1].trim(), columns[2].trim(),
                        state.isEmpty() ? Folder.State.ACTIVE : Folder.State.valueOf(state));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    /** Also while a stand-in serves the tree: a folder created now. */
    public FolderTree add(String folderId, String parent, String displayName) {
        return add(folderId, parent, displayName, Folder.State.ACTIVE);
    }

    /**
     * A folder in this state; also while a stand-in serves the tree (a folder renamed or deleted now). Like Google's,
     * it carries its create time and the time of its last change.
     */
    public synchronized FolderTree add(String folderId, String parent, String displayName, Folder.State state) {
        String name = "folders/" + folderId;
        Timestamp now = Timestamps.fromMillis(clock.millis());
        Folder before = byName.get(name);
        byName.put(name, Folder.newBuilder()
                .setName(name)
                .setParent(parent)
                .setDisplayName(displayName)
                .setState(state)
                .setCreateTime(before != null ? before.getCreateTime() : now)
                .setUpdateTime(now)
                .build());
        return this;
    }

    /**
     * A folder GetFolder finds but SearchFolders does not list yet: the real API's search index lags behind new
     * folders (a folder created after a listing looks the same to the service).
     */
    public synchronized FolderTree addNotYetSearchable(String folderId, String parent, String displayName) {
        add(folderId, parent, displayName);
        notYetSearchable.add("folders/" + folderId);
        return this;
    }

    /**
     * A change made while the stand-in serves (a folder created, renamed, moved or deleted now): GetFolder sees it at
     * once, SearchFolders only once its {@link StandInBehaviour#searchLag lag} has passed, as Google's search index.
     */
    public synchronized FolderTree update(String folderId, String parent, String displayName, Folder.State state) {
        String name = "folders/" + folderId;
        Change earlier = changes.get(name);
        changes.put(name, new Change(earlier != null ? earlier.before() : byName.get(name), System.nanoTime()));
        return add(folderId, parent, displayName, state);
    }

    public synchronized Optional<Folder> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public synchronized List<Folder> childrenOf(String parent) {
        List<Folder> children = new ArrayList<>();
        for (Folder folder : byName.values()) {
            if (folder.getParent().equals(parent)) {
                children.add(folder);
            }
        }
        children.sort(Comparator.comparing(Folder::getName));
        return children;
    }

    /** In the order they were added. */
    public synchronized List<Folder> all() {
        return List.copyOf(byName.values());
    }

    /** What SearchFolders lists, in the order they were added: changes younger than {@code lag} not yet seen. */
    public synchronized List<Folder> searchable(Duration lag) {
        long now = System.nanoTime();
        List<Folder> listed = new ArrayList<>();
        for (Folder folder : byName.values()) {
            Change change = changes.get(folder.getName());
            Folder shown = change != null && now - change.atNanos() < lag.toNanos() ? change.before() : folder;
            if (shown != null && !notYetSearchable.contains(folder.getName())) {
                listed.add(shown);
            }
        }
        return listed;
    }

    /** The folder itself, then each parent up to the organization, as Cloud Asset Inventory gives {@code ancestors}. */
    public synchronized List<String> ancestorsOf(Folder folder) {
        List<String> ancestors = new ArrayList<>(List.of(folder.getName()));
        String parent = folder.getParent();
        while (parent.startsWith("folders/") && ancestors.size() <= 20) {
            ancestors.add(parent);
            Folder above = byName.get(parent);
            parent = above == null ? "" : above.getParent();
        }
        if (!parent.isEmpty()) {
            ancestors.add(parent);
        }
        return ancestors;
    }

    public synchronized int size() {
        return byName.size();
    }
}
