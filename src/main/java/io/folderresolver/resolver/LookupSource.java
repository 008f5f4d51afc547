package io.folderresolver.resolver;

/**
 * Where the cache gets the answer for an ID it does not have: the Folders API ({@link FolderLookupLoader}), or a
 * store shared by several replicas in front of it. Throws {@link TransientLookupFailure} when there is no answer.
 */
public interface LookupSource {

    FolderLookup load(String folderId);
}
