package io.folderresolver.resolver;

/** The Folders API has been unreachable for longer than the outage tolerance. */
final class ApiUnreachableException extends RuntimeException {

    ApiUnreachableException(String message) {
        super(message);
    }
}
