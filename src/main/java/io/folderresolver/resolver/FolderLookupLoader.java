package io.folderresolver.resolver;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.batch.FolderStatus;

/**
 * Asks the Folders API for one folder and sorts the answer: a name or a permanent refusal become a
 * {@link FolderLookup}; anything else is a {@link TransientLookupFailure}. Retries happen inside the client
 * (GAX retry settings), and every attempt passes the rate limiter on the client's channel.
 */
final class FolderLookupLoader {

    private final FoldersClient client;

    FolderLookupLoader(FoldersClient client) {
        this.client = client;
    }

    FolderLookup load(String folderId) {
        try {
            return FolderLookup.resolved(client.getFolder("folders/" + folderId).getDisplayName());
        } catch (ApiException e) {
            return switch (e.getStatusCode().getCode()) {
                case NOT_FOUND -> FolderLookup.refused(FolderStatus.NOT_FOUND, describe(e));
                case PERMISSION_DENIED -> FolderLookup.refused(FolderStatus.PERMISSION_DENIED, describe(e));
                case INVALID_ARGUMENT -> FolderLookup.refused(FolderStatus.INVALID, describe(e));
                default -> throw new TransientLookupFailure(describe(e), e);
            };
        }
    }

    private static String describe(ApiException e) {
        return e.getStatusCode().getCode() + ": " + e.getMessage();
    }
}
