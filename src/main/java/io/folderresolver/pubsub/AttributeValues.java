package io.folderresolver.pubsub;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.ExchangeProperty;

/**
 * Values for Pub/Sub attributes within Pub/Sub's limit (1,024 bytes a value): a longer one, such as a parser's error
 * that quotes a 5,000-character key, would make the whole publish fail. Cut on a character boundary, with a marker
 * saying how much was left out; the log line keeps the whole text.
 */
public final class AttributeValues {

    /** Pub/Sub refuses an attribute value longer than this, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 1024;

    private AttributeValues() {
    }

    /** The reason a batch is dead-lettered, as its {@code error} attribute. */
    public static String deadLetterError(@ExchangeProperty("deadLetterReason") String reason) {
        return limited(reason == null ? "unknown" : reason);
    }

    public static String limited(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_VALUE_BYTES) {
            return value;
        }
        String marker = " [cut: " + utf8.length + " bytes in all]";
        ByteBuffer room = ByteBuffer.allocate(MAX_VALUE_BYTES - marker.length());
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
        CharBuffer chars = CharBuffer.wrap(value);
        // Encodes whole characters until the room is full: never half a character.
        encoder.encode(chars, room, true);
        return value.substring(0, chars.position()) + marker;
    }
}
