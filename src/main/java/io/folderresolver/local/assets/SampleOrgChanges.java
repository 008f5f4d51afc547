package io.folderresolver.local.assets;

import io.folderresolver.health.ManagementRoutes;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode only: {@code PUT /local/folders/{id}?displayName=&parent=&state=} on the management port (127.0.0.1)
 * changes a folder of the sample org as someone would in the console, and the feed brings the change to the service
 * as Cloud Asset Inventory would. Parameters left out keep what the folder had.
 */
public final class SampleOrgChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SampleOrgChanges.class);
    static final String PATH = "/local/folders/:folderId";

    private SampleOrgChanges() {
    }

    /** Once Camel has started its management server (none when camel.management.enabled is false). */
    public static void serve(CamelContext context, LocalAssetFeed feed) throws Exception {
        ManagementRoutes.whenServing(context,
                router -> router.route(HttpMethod.PUT, PATH).blockingHandler(request -> change(request, feed)));
    }

    private static void change(RoutingContext request, LocalAssetFeed feed) {
        String folderId = request.pathParam("folderId");
        try {
            if (!folderId.matches("\\d{1,19}")) {
                throw new IllegalArgumentException("a folder ID is digits, was '" + folderId + "'");
            }
            String message = feed.change(folderId, request.queryParams().get("displayName"),
                    request.queryParams().get("parent"), request.queryParams().get("state"));
            LOG.info("Sample org: folders/{} changed, feed message published", folderId);
            request.response().putHeader("Content-Type", "application/json").end(message);
        } catch (IllegalArgumentException e) {
            request.response().setStatusCode(400).end(e.getMessage() + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.response().setStatusCode(503).end();
        } catch (RuntimeException e) {
            LOG.warn("Cannot change folders/{} of the sample org: {}", folderId, e.getMessage());
            request.response().setStatusCode(500).end(e.getMessage() + "\n");
        }
    }
}
