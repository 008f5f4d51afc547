package io.folderresolver.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The formats on small documents, where the exact bytes matter. */
class ResultFormatTest {

    private static String write(ResultFormat format, String document) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_write_names_as_pythons_json_dumps_does_with_non_ascii_escaped() throws Exception {
        String names = write(ResultFormat.names, "{\"total\": 2, \"results\": [], "
                + "\"names\": {\"folder_0_name\": \"\u00c9quipe \\\"A\\\"\", \"folder_1_name\": \"\u65e5\u672c\ud83d\ude00\"}}");

        assertThat(names).isEqualTo("{\"folder_0_name\": \"\\u00c9quipe \\\"A\\\"\", \"folder_1_name\": \"\\u65e5\\u672c\\ud83d\\ude00\"}\n");
    }

    @Test
    void should_neutralise_spreadsheet_formulas_and_quote_separators_in_csv_cells() {
        assertThat(ResultFormat.cell("Finance")).isEqualTo("Finance");
        assertThat(ResultFormat.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ResultFormat.cell("a\nb")).isEqualTo("\"a\nb\"");
        assertThat(ResultFormat.cell("-1")).isEqualTo("'-1");
    }
}
