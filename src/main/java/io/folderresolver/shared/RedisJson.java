package io.folderresolver.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the replicas keep in Redis, as JSON (readable with redis-cli). Fields another version added are ignored;
 * a value that cannot be read at all is empty, for the caller to replace.
 */
final class RedisJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RedisJson() {
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> Optional<T> read(byte[] json, Class<T> type) {
        try {
            return Optional.ofNullable(JSON.readValue(json, type));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
