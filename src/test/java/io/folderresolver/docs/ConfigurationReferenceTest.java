package io.folderresolver.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.folderresolver.ConfigurationCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md is the one reference of the settings: it lists every key of config/*.properties, no other,
 * each with the environment variable that overrides it and its default in each mode as the files give it.
 */
class ConfigurationReferenceTest {

    private static final Path CONFIG = Path.of("config");
    private static final Path REFERENCE = Path.of("docs", "configuration.md");
    private static final String TABLE_HEADER = "| Key | Environment variable | Default | Meaning |";
    /** Camel keys that Camel Main does not read from the environment; the service maps camel.management.* itself. */
    private static final String NO_VARIABLE = "—";

    private static Properties local;
    private static Properties gcp;
    private static Map<String, Row> reference;

    /** One row of the reference: the key, then its variable and default cells as written. */
    private record Row(String key, String variable, String defaultValue) {
    }

    @BeforeAll
    static void read() throws IOException {
        local = mode("local");
        gcp = mode("gcp");
        reference = rows();
    }

    @Test
    void should_list_every_key_of_config_and_no_other() {
        Set<String> keys = new TreeSet<>(local.stringPropertyNames());
        keys.addAll(gcp.stringPropertyNames());

        assertThat(keys).as("keys in config/ missing from %s", REFERENCE).isSubsetOf(reference.keySet());
        assertThat(reference.keySet()).as("keys in %s that config/ no longer has", REFERENCE).isSubsetOf(keys);
    }

    @Test
    void should_name_the_environment_variable_that_overrides_each_key() {
        reference.values().forEach(row -> assertThat(row.variable())
                .as("variable of %s", row.key()).isEqualTo(variable(row.key())));
    }

    @Test
    void should_give_each_key_the_default_config_gives_it_in_each_mode() {
        reference.values().forEach(row -> assertThat(row.defaultValue())
                .as("default of %s (local %s, gcp %s)", row.key(), local.getProperty(row.key()), gcp.getProperty(row.key()))
                .isEqualTo(defaultValue(row.key())));
    }

    private static String variable(String key) {
        boolean readFromEnvironment = !key.startsWith("camel.") || key.startsWith("camel.main.")
                || key.startsWith("camel.management.");
        return readFromEnvironment ? "`" + ConfigurationCheck.envName(key) + "`" : NO_VARIABLE;
    }

    /** As the reference writes it: one value, a value per mode, or a value only the local stand-ins read. */
    private static String defaultValue(String key) {
        String inLocal = local.getProperty(key);
        String inGcp = gcp.getProperty(key);
        if (inGcp == null) {
            return shown(inLocal) + " (local mode only)";
        }
        if (inLocal == null) {
            return shown(inGcp) + " (gcp mode only)";
        }
        return inLocal.equals(inGcp) ? shown(inLocal) : shown(inLocal) + " in local, " + shown(inGcp) + " in gcp";
    }

    private static String shown(String value) {
        return value.isEmpty() ? "empty" : "`" + value + "`";
    }

    /** config/application.properties with the mode's file on top, as Camel Main reads them. */
    private static Properties mode(String name) throws IOException {
        Properties properties = new Properties();
        for (Path file : List.of(CONFIG.resolve("application.properties"),
                CONFIG.resolve("application-" + name + ".properties"))) {
            Properties one = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                one.load(in);
            }
            one.forEach((key, value) -> properties.setProperty((String) key, ((String) value).strip()));
        }
        return properties;
    }

    /** The rows of every reference table; a key in two rows fails, as a reader could not tell which is right. */
    private static Map<String, Row> rows() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(REFERENCE)) {
            if (line.equals(TABLE_HEADER)) {
                inTable = true;
            } else if (!line.startsWith("|")) {
                inTable = false;
            } else if (inTable && !line.startsWith("|---")) {
                String[] cells = line.split("\\|", 5);
                Row row = new Row(unquoted(cells[1].strip()), cells[2].strip(), cells[3].strip());
                if (rows.put(row.key(), row) != null) {
                    duplicates.add(row.key());
                }
            }
        }
        assertThat(duplicates).as("keys in more than one row of %s", REFERENCE).isEmpty();
        assertThat(rows).as("rows under '%s' in %s", TABLE_HEADER, REFERENCE).isNotEmpty();
        return rows;
    }

    private static String unquoted(String cell) {
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }
}
