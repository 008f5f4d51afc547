package io.folderresolver.local.folders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.cloud.resourcemanager.v3.Folder;

/**
 * The folders a {@link FoldersStandIn} serves, read from a CSV file with the header
 * {@code folder_id,parent,display_name} (GCP display names cannot contain commas).
 */
public final class FolderTree {

    private final Map<String, Folder> byName = new LinkedHashMap<>();
    private final Set<String> notYetSearchable = new HashSet<>();

    public static FolderTree read(InputStream csv) {
        FolderTree tree = new FolderTree();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.trim().equals("folder_id,parent,display_name")) {
                throw new IllegalArgumentException("folder tree CSV must start with folder_id,parent,display_name");
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split(",", 3);
                if (columns.length != 3) {
                    throw new IllegalArgumentException("folder tree CSV line has not 3 columns: " + line);
                }
                tree.add(columns[0].trim(), columns[1].trim(), columns[2].trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    /** Also while a stand-in serves the tree: a folder created now. */
    public synchronized FolderTree add(String folderId, String parent, String displayName) {
        String name = "folders/" + folderId;
        byName.put(name, Folder.newBuilder()
                .setName(name)
                .setParent(parent)
                .setDisplayName(displayName)
                .setState(Folder.State.ACTIVE)
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

    /** What SearchFolders lists, in the order they were added. */
    public synchronized List<Folder> searchable() {
        return byName.values().stream().filter(folder -> !notYetSearchable.contains(folder.getName())).toList();
    }

    public synchronized int size() {
        return byName.size();
    }
}
