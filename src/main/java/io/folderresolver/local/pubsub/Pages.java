package io.folderresolver.local.pubsub;

import java.util.List;
import java.util.function.Function;

/** Cuts a list sorted by name into pages; the page token is the last name on the previous page. */
final class Pages {

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;

    record Page<T>(List<T> items, String nextPageToken) {
    }

    private Pages() {
    }

    static <T> Page<T> of(List<T> sortedByName, Function<T, String> name, int pageSize, String pageToken) {
        if (pageSize < 0) {
            throw Errors.invalidArgument("page_size must not be negative");
        }
        int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
        List<T> rest = pageToken.isEmpty() ? sortedByName
                : sortedByName.stream().filter(item -> name.apply(item).compareTo(pageToken) > 0).toList();
        if (rest.size() <= size) {
            return new Page<>(List.copyOf(rest), "");
        }
        List<T> page = List.copyOf(rest.subList(0, size));
        return new Page<>(page, name.apply(page.get(size - 1)));
    }
}
