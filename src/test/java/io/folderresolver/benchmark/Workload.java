package io.folderresolver.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.folderresolver.local.folders.FolderTree;

/**
 * The data one scenario runs on: {@code unique} random 12-digit folder IDs with their names, and a batch of
 * {@code entries} IDs drawn from them in which every one of them appears at least once. A fixed seed makes every
 * implementation, and every rerun, see exactly the same batch.
 */
record Workload(Map<String, String> namesById, List<String> batch) {

    static Workload generate(int unique, int entries, long seed) {
        if (entries < unique) {
            throw new IllegalArgumentException("a batch of " + entries + " cannot hold " + unique + " unique IDs");
        }
        Random random = new Random(seed);
        Map<String, String> namesById = new LinkedHashMap<>();
        while (namesById.size() < unique) {
            // 12 digits, no leading zero: the shape of real folder IDs.
            long id = 100_000_000_000L + (long) (random.nextDouble() * 900_000_000_000L);
            namesById.putIfAbsent(Long.toString(id), String.format("bench-folder-%05d", namesById.size()));
        }
        List<String> ids = List.copyOf(namesById.keySet());
        List<String> batch = new ArrayList<>(ids);
        while (batch.size() < entries) {
            batch.add(ids.get(random.nextInt(ids.size())));
        }
        Collections.shuffle(batch, random);
        return new Workload(Map.copyOf(namesById), List.copyOf(batch));
    }

    int uniqueIds() {
        return namesById.size();
    }

    /** A fresh tree per stand-in; FolderTree is mutable, so none is shared between runs. */
    FolderTree tree() {
        FolderTree tree = new FolderTree();
        namesById.forEach((id, name) -> tree.add(id, "organizations/1", name));
        return tree;
    }

    /** How many entries did not come back with their right name, given what came back per input index. */
    int lost(Map<Integer, String> nameByIndex) {
        int lost = 0;
        for (int index = 0; index < batch.size(); index++) {
            if (!namesById.get(batch.get(index)).equals(nameByIndex.get(index))) {
                lost++;
            }
        }
        return lost;
    }
}
