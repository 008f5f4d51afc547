package io.folderresolver;

import java.nio.file.Path;

import io.folderresolver.resolver.CallerIdentity;
import io.lettuce.core.RedisURI;

import org.apache.camel.spi.Registry;

/** The one start-up line that says where the service is connected, so nobody mistakes the demo for production. */
final class StartupSummary {

    private StartupSummary() {
    }

    static String describe(ServiceMode mode, Settings settings, Registry registry) {
        boolean ingest = settings.flag("ingest.pubsub.enabled");
        boolean output = settings.flag("output.pubsub.enabled");
        String feed = settings.text("ingest.asset-feed.subscription");
        return "Mode " + mode.profile()
                + " | Folders API " + folders(settings, registry)
                + " | Pub/Sub " + (ingest || output || !feed.isEmpty() ? pubsub(settings, registry) : "off")
                + " | subscription " + (ingest ? settings.required("ingest.pubsub.subscription") : "off")
                + " | asset feed " + (feed.isEmpty() ? "off" : feed)
                + " | result topic " + (output ? settings.required("output.pubsub.topic") : "off")
                + " | dead-letter topic " + settings.required("output.pubsub.dead-letter-topic")
                + " | inbox " + Path.of(settings.required("ingest.file.dir")).toAbsolutePath()
                + " | outbox " + (settings.flag("output.file.enabled")
                        ? Path.of(settings.required("output.file.dir")).toAbsolutePath() : "off")
                + " | rate " + settings.required("resolver.rate") + "/s" + shared(settings);
    }

    /** Never the URI itself: it may carry a password. */
    private static String shared(Settings settings) {
        String uri = settings.text("resolver.shared.redis-uri");
        if (uri.isEmpty()) {
            return "";
        }
        RedisURI redis = RedisURI.create(uri);
        return " shared by " + settings.required("resolver.shared.replicas") + " replicas through Redis at "
                + redis.getHost() + ":" + redis.getPort();
    }

    private static String folders(Settings settings, Registry registry) {
        String endpoint = settings.required("folders.endpoint");
        if (registry.lookupByName("foldersStandIn") != null) {
            return endpoint + " (embedded stand-in: names come from the sample org " + settings.text("folders.emulator.data")
                    + ", NOT from Google Cloud)";
        }
        CallerIdentity identity = registry.lookupByNameAndType("callerIdentity", CallerIdentity.class);
        return endpoint + (identity == null ? " (plaintext, no credentials)"
                : " (TLS, Application Default Credentials: " + identity.principal() + ", quota project "
                        + identity.quotaProject() + ")");
    }

    private static String pubsub(Settings settings, Registry registry) {
        String host = settings.text("pubsub.emulator.host");
        String project = "project " + settings.text("gcp.project");
        if (registry.lookupByName("pubsubStandIn") != null) {
            return "embedded stand-in at " + host + ", " + project;
        }
        return host.isEmpty() ? "Google Cloud, " + project + " (Application Default Credentials)"
                : "emulator at " + host + ", " + project;
    }
}
