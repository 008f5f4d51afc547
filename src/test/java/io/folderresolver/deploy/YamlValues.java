package io.folderresolver.deploy;

import java.util.List;
import java.util.Map;

/** Parsed YAML as the deploy tests read it: maps and lists, cast once here. */
final class YamlValues {

    private YamlValues() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
