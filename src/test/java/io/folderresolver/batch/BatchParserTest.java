package io.folderresolver.batch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchParserTest {

    private final BatchParser parser = new BatchParser(Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    private Batch parse(String content) {
        return parser.parse(content.getBytes(StandardCharsets.UTF_8), "file:test.json", "test");
    }

    @Test
    void should_read_a_json_array_of_strings_prefixed_ids_and_numbers() {
        Batch batch = parse("[\"123\", \"folders/456\", 789]");

        assertThat(batch.batchId()).isEqualTo("test");
        assertThat(batch.entries()).containsExactly(
                BatchEntry.valid(0, "123", "123"),
                BatchEntry.valid(1, "folders/456", "456"),
                BatchEntry.valid(2, "789", "789"));
    }

    @Test
    void should_read_a_json_object_with_its_batch_id() {
        Batch batch = parse("{\"batchId\": \"billing-2026-11\", \"folderIds\": [\"123\"]}");

        assertThat(batch.batchId()).isEqualTo("billing-2026-11");
        assertThat(batch.entries()).containsExactly(BatchEntry.valid(0, "123", "123"));
    }

    @Test
    void should_use_the_default_batch_id_when_the_object_names_none() {
        assertThat(parse("{\"folderIds\": []}").batchId()).isEqualTo("test");
    }

    @Test
    void should_read_plain_text_skipping_blank_lines_and_comments() {
        Batch batch = parse("# from the billing export\n123\n\n  folders/456  \r\n#789\nabc\n");

        assertThat(batch.entries()).containsExactly(
                BatchEntry.valid(0, "123", "123"),
                BatchEntry.valid(1, "folders/456", "456"),
                BatchEntry.invalid(2, "abc", "expected <digits> or folders/<digits>"));
    }

    @Test
    void should_read_an_empty_file_as_an_empty_batch() {
        assertThat(parse("").entries()).isEmpty();
        assertThat(parse("\n# nothing here\n").entries()).isEmpty();
    }

    @Test
    void should_skip_a_utf8_byte_order_mark() {
        assertThat(parse("\uFEFF[\"123\"]").entries()).containsExactly(BatchEntry.valid(0, "123", "123"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"abc\"", "\"-123\"", "-123", "\"\"", "\"folders/\"", "\"organizations/1\"",
            "\"123456789012345678901\"", "[1, 2]", "null", "1.5", "{\"id\": 1}", "true", "\"0123\"", "\"folders/12a\"" })
    void should_mark_what_is_not_a_folder_id_invalid_and_keep_the_rest(String item) {
        Batch batch = parse("[\"111\", " + item + ", \"222\"]");

        assertThat(batch.entries()).hasSize(3);
        assertThat(batch.entries().get(0)).isEqualTo(BatchEntry.valid(0, "111", "111"));
        assertThat(batch.entries().get(1).isValid()).isFalse();
        assertThat(batch.entries().get(1).invalidReason()).isNotBlank();
        assertThat(batch.entries().get(2)).isEqualTo(BatchEntry.valid(2, "222", "222"));
    }

    @Test
    void should_say_why_an_entry_is_invalid() {
        List<BatchEntry> entries = parse("[\"\", \"folders/\", \"123456789012345678901\", \"organizations/1\", null]").entries();

        assertThat(entries).extracting(BatchEntry::invalidReason).containsExactly(
                "empty folder ID",
                "'folders/' without a number",
                "folder ID longer than 20 digits",
                "not a folder: expected <digits> or folders/<digits>",
                "expected a string or a whole number, got null");
        assertThat(entries.get(4).raw()).isEqualTo("null");
    }

    @Test
    void should_reject_broken_json_with_its_position() {
        assertThatThrownBy(() -> parse("[\"123\", "))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessageStartingWith("broken JSON:")
                .hasMessageContaining("line 1");
    }

    @Test
    void should_reject_trailing_content_after_the_json() {
        assertThatThrownBy(() -> parse("[\"123\"] [\"456\"]")).isInstanceOf(UnreadableBatchException.class);
    }

    @Test
    void should_reject_an_object_without_folder_ids() {
        assertThatThrownBy(() -> parse("{\"ids\": [\"123\"]}"))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("JSON object without a \"folderIds\" array");
    }

    @Test
    void should_reject_a_batch_id_that_is_not_a_string() {
        assertThatThrownBy(() -> parse("{\"batchId\": 7, \"folderIds\": []}"))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessageContaining("batchId");
    }

    @Test
    void should_reject_text_that_is_not_utf8() {
        byte[] latin1 = "caf\u00e9\n123".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> parser.parse(latin1, "file:x", "x"))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("not UTF-8 text");
    }

    @Test
    void should_reject_binary_content() {
        byte[] binary = { 0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00 };

        assertThatThrownBy(() -> parser.parse(binary, "file:x.zip", "x"))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessageStartingWith("binary content");
    }

    @Test
    void should_name_the_result_file_safely_whatever_the_batch_id() {
        Batch batch = parse("{\"batchId\": \"../../etc/passwd\", \"folderIds\": []}");

        assertThat(batch.resultFileName()).isEqualTo("__.._etc_passwd-20261128T100000.000000Z.json");
    }
}
