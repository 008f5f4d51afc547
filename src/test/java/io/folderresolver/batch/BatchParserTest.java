package io.folderresolver.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchParserTest {

    private final BatchParser parser = new BatchParser(Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC),
            new BatchLimits(1_000_000, 1_000));

    /** A batch as both passes see it: the scan's verdict, and every entry the second pass hands out. */
    private record Parsed(Batch batch, List<BatchEntry> entries) {
        String batchId() {
            return batch.batchId();
        }
    }

    private Parsed parse(String content) {
        return parse(content.getBytes(StandardCharsets.UTF_8));
    }

    private Parsed parse(byte[] content) {
        return parse(BatchInput.ofMessage(content, "test", "file:test.json"));
    }

    private Parsed parse(BatchInput input) {
        Batch batch = parser.scan(input);
        List<BatchEntry> entries = new ArrayList<>();
        try (BatchParser.CloseableEntries read = parser.entries(input)) {
            read.forEachRemaining(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(entries).hasSize(batch.total());
        return new Parsed(batch, entries);
    }

    @Test
    void should_read_a_json_array_of_strings_prefixed_ids_and_numbers() {
        Parsed batch = parse("[\"123\", \"folders/456\", 789]");

        assertThat(batch.batchId()).isEqualTo("test");
        assertThat(batch.entries()).containsExactly(
                BatchEntry.valid(0, "123", "123"),
                BatchEntry.valid(1, "folders/456", "456"),
                BatchEntry.valid(2, "789", "789"));
    }

    @Test
    void should_read_a_json_object_with_its_batch_id() {
        Parsed batch = parse("{\"batchId\": \"billing-2026-11\", \"folderIds\": [\"123\"]}");

        assertThat(batch.batchId()).isEqualTo("billing-2026-11");
        assertThat(batch.entries()).containsExactly(BatchEntry.valid(0, "123", "123"));
    }

    @Test
    void should_use_the_default_batch_id_when_the_object_names_none() {
        assertThat(parse("{\"folderIds\": []}").batchId()).isEqualTo("test");
    }

    @Test
    void should_read_plain_text_skipping_blank_lines_and_comments() {
        Parsed batch = parse("# from the billing export\n123\n\n  folders/456  \r\n#789\nabc\n");

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
        Parsed batch = parse("[\"111\", " + item + ", \"222\"]");

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

        assertThatThrownBy(() -> parse(latin1))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("not UTF-8 text");
    }

    @Test
    void should_reject_binary_content() {
        byte[] binary = { 0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00 };

        assertThatThrownBy(() -> parse(binary))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessageStartingWith("binary content");
    }

    @Test
    void should_name_the_result_file_safely_whatever_the_batch_id() {
        Parsed batch = parse("{\"batchId\": \"../../etc/passwd\", \"folderIds\": []}");

        assertThat(batch.batch().resultFileName()).matches("__\\.\\._etc_passwd-[0-9a-f]{16}\\.json");
    }

    @Test
    void should_read_the_batch_id_wherever_it_stands_in_the_object() {
        Parsed batch = parse("{\"folderIds\": [\"123\", \"456\"], \"batchId\": \"late\"}");

        assertThat(batch.batchId()).isEqualTo("late");
        assertThat(batch.entries()).extracting(BatchEntry::folderId).containsExactly("123", "456");
    }

    @Test
    void should_refuse_a_batch_id_of_10000_characters() {
        assertThatThrownBy(() -> parse("{\"batchId\": \"" + "b".repeat(10_000) + "\", \"folderIds\": []}"))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("\"batchId\" must be a non-empty string of at most 200 characters");
    }

    @Test
    void should_refuse_duplicate_keys_instead_of_dropping_one() {
        assertThatThrownBy(() -> parse("{\"folderIds\": [\"1\"], \"folderIds\": [\"2\", \"3\"]}"))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessageContaining("Duplicate field 'folderIds'");
    }

    @Test
    void should_name_the_limit_a_deeply_nested_document_meets() {
        assertThatThrownBy(() -> parse("[".repeat(100_000)))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("JSON nested deeper than " + BatchLimits.MAX_JSON_NESTING + " levels");
    }

    @Test
    void should_name_the_limit_a_huge_number_meets() {
        assertThatThrownBy(() -> parse("[1" + "0".repeat(10_000) + "]"))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessageStartingWith("a JSON number longer than " + BatchLimits.MAX_JSON_NUMBER_DIGITS + " digits");
    }

    @Test
    void should_name_the_limit_a_huge_string_or_line_meets() {
        BatchParser roomy = new BatchParser(Clock.systemUTC(), new BatchLimits(10_000_000, 10));
        String huge = "1".repeat(BatchLimits.MAX_TEXT_CHARS + 1);

        assertThatThrownBy(() -> roomy.scan(BatchInput.ofMessage(("[\"" + huge + "\"]").getBytes(StandardCharsets.UTF_8), "m", "s")))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("a JSON string longer than " + BatchLimits.MAX_TEXT_CHARS + " characters");
        assertThatThrownBy(() -> roomy.scan(BatchInput.ofMessage(("123\n" + huge).getBytes(StandardCharsets.UTF_8), "m", "s")))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("line 2 is longer than " + BatchLimits.MAX_TEXT_CHARS + " characters");
    }

    @Test
    void should_refuse_a_batch_beyond_the_size_and_entry_limits_before_reading_it() {
        BatchInput tooBig = new BatchInput("file:big", "big", "big", 1_000_001, () -> {
            throw new AssertionError("must not be opened");
        });
        assertThatThrownBy(() -> parser.scan(tooBig))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("the batch is 1000001 bytes, more than ingest.max-batch-bytes (1000000)");
        assertThatThrownBy(() -> parse("1\n".repeat(1_001)))
                .isInstanceOf(UnreadableBatchException.class)
                .hasMessage("more than ingest.max-entries (1000) entries");
    }

    @Test
    void should_say_what_is_wrong_with_digits_that_are_not_ascii() {
        List<BatchEntry> entries = parse("[\"\u0661\u0662\u0663\", \"\uFF11\uFF12\uFF13\", \"0123\"]").entries();

        assertThat(entries.get(0).invalidReason()).startsWith("digits other than 0-9");
        assertThat(entries.get(1).invalidReason()).startsWith("digits other than 0-9");
        assertThat(entries.get(2).invalidReason()).isEqualTo("folder ID with a leading zero");
    }

    @Test
    void should_echo_at_most_a_little_of_an_invalid_entry() {
        List<BatchEntry> entries = parse("[\"" + "x".repeat(5_000) + "\", [" + "1,".repeat(2_000) + "1]]").entries();

        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.isValid()).isFalse();
            assertThat(entry.raw().length()).isLessThanOrEqualTo(101);
        });
        assertThat(entries.get(1).invalidReason()).endsWith("got array");
    }

    @Test
    void should_take_the_default_batch_id_from_the_file_name_without_its_last_extension() {
        assertThat(BatchInput.withoutLastExtension("ids.2026-11-29.v2.txt")).isEqualTo("ids.2026-11-29.v2");
        assertThat(BatchInput.withoutLastExtension("ids")).isEqualTo("ids");
        assertThat(BatchInput.withoutLastExtension(".hidden")).isEqualTo(".hidden");
    }

    @Test
    void should_fingerprint_the_same_delivery_alike_and_anything_else_apart() {
        byte[] content = "[\"123\"]".getBytes(StandardCharsets.UTF_8);
        String once = parser.scan(BatchInput.ofMessage(content, "m1", "s")).fingerprint();

        assertThat(parser.scan(BatchInput.ofMessage(content, "m1", "s")).fingerprint()).isEqualTo(once);
        assertThat(parser.scan(BatchInput.ofMessage(content, "m2", "s")).fingerprint()).isNotEqualTo(once);
        assertThat(parser.scan(BatchInput.ofMessage("[\"124\"]".getBytes(StandardCharsets.UTF_8), "m1", "s"))
                .fingerprint()).isNotEqualTo(once);
    }
}
