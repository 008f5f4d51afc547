package io.folderresolver;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The service reads {@code config/} and {@code routes/} from the working directory, so operators can edit them
 * next to the jar; where they are absent, it uses the copies packaged in the jar.
 */
public final class LocalOrPackaged {

    private LocalOrPackaged() {
    }

    /** A Camel resource URI for a file: {@code file:<path>} if it exists here, else {@code classpath:<path>}. */
    public static String file(String path) {
        return (Files.isRegularFile(Path.of(path)) ? "file:" : "classpath:") + path;
    }

    /** A Camel resource pattern for files in a folder: {@code file:<dir>/<glob>} if the folder exists here. */
    public static String files(String dir, String glob) {
        return (Files.isDirectory(Path.of(dir)) ? "file:" : "classpath:") + dir + "/" + glob;
    }
}
