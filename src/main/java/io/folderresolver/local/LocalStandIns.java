package io.folderresolver.local;

import java.io.InputStream;
import java.util.List;

import io.folderresolver.ClosedWithCamel;
import io.folderresolver.LocalOrPackaged;
import io.folderresolver.Settings;
import io.folderresolver.local.assets.AssetsStandIn;
import io.folderresolver.local.assets.LocalAssetFeed;
import io.folderresolver.local.assets.SampleOrgChanges;
import io.folderresolver.local.folders.FolderTree;
import io.folderresolver.local.folders.FoldersStandIn;
import io.folderresolver.local.folders.SetupFault;
import io.folderresolver.local.folders.StandInBehaviour;
import io.folderresolver.local.pubsub.PubSubStandIn;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.ResourceHelper;

/**
 * Local mode's infrastructure: starts the embedded Folders API and Pub/Sub stand-ins (where enabled) on 127.0.0.1
 * and points the service at them exactly as at any other server ({@code folders.endpoint} with plaintext,
 * {@code pubsub.emulator.host}). The service's own wiring knows nothing of stand-ins. Runs before it; never added
 * in gcp mode.
 */
@Configuration
public class LocalStandIns implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Settings settings = new Settings(properties);
        FolderTree sampleOrg = null;
        if (settings.flag("folders.emulator.enabled")) {
            sampleOrg = readTree(context, settings);
            FoldersStandIn folders = startFolders(sampleOrg, settings);
            context.addService(new ClosedWithCamel(folders));
            context.getRegistry().bind("foldersStandIn", folders);
            properties.addOverrideProperty("folders.endpoint", folders.address());
            properties.addOverrideProperty("folders.plaintext", "true");
        }
        boolean pubsubUsed = settings.flag("ingest.pubsub.enabled") || settings.flag("output.pubsub.enabled")
                || !settings.text("ingest.asset-feed.subscription").isEmpty();
        boolean otherEmulator = !settings.text("pubsub.emulator.host").isEmpty();
        if (pubsubUsed && !otherEmulator && settings.flag("pubsub.emulator.enabled")) {
            PubSubStandIn pubsub = PubSubStandIn.start(settings.integer("pubsub.emulator.port"));
            context.addService(new ClosedWithCamel(pubsub));
            context.getRegistry().bind("pubsubStandIn", pubsub);
            properties.addOverrideProperty("pubsub.emulator.host", pubsub.address());
        }
        if (sampleOrg != null && settings.flag("assets.emulator.enabled")) {
            AssetsStandIn assets = AssetsStandIn.start(sampleOrg, settings.integer("assets.emulator.quota-per-minute"),
                    settings.integer("assets.emulator.search-quota-per-minute"), settings.integer("assets.emulator.port"));
            context.addService(new ClosedWithCamel(assets));
            context.getRegistry().bind("assetsStandIn", assets);
            properties.addOverrideProperty("assets.endpoint", assets.address());
            properties.addOverrideProperty("assets.plaintext", "true");
            if (settings.text("resolver.asset.scope").isEmpty() && sampleOrg.size() > 0) {
                // The sample org's organization, so the local feed is reconciled as a real one would be.
                List<String> ancestors = sampleOrg.ancestorsOf(sampleOrg.all().get(0));
                properties.addOverrideProperty("resolver.asset.scope", ancestors.get(ancestors.size() - 1));
            }
        }
        String feedTopic = settings.text("ingest.asset-feed.topic");
        String pubsubHost = properties.resolveProperty("pubsub.emulator.host").orElse("");
        if (sampleOrg != null && !settings.text("ingest.asset-feed.subscription").isEmpty() && !pubsubHost.isEmpty()) {
            // The sample org's changes come as a Cloud Asset Inventory feed would bring them.
            LocalAssetFeed feed = new LocalAssetFeed(sampleOrg, pubsubHost, settings.required("gcp.project"), feedTopic);
            context.addService(new ClosedWithCamel(feed));
            SampleOrgChanges.serve(context, feed);
        }
    }

    private static FolderTree readTree(CamelContext context, Settings settings) throws Exception {
        try (InputStream data = ResourceHelper.resolveMandatoryResourceAsInputStream(context,
                LocalOrPackaged.file(settings.required("folders.emulator.data")))) {
            return FolderTree.read(data);
        }
    }

    private static FoldersStandIn startFolders(FolderTree tree, Settings settings) {
        StandInBehaviour behaviour = StandInBehaviour.immediate()
                .withLatency(settings.duration("folders.emulator.latency"), settings.duration("folders.emulator.jitter"))
                .withQuotaPerSecond(settings.integer("folders.emulator.quota"))
                .withUnavailableRate(Double.parseDouble(settings.required("folders.emulator.unavailable-rate")))
                .withNotFound(settings.ids("folders.emulator.not-found-ids"))
                .withPermissionDenied(settings.ids("folders.emulator.permission-denied-ids"))
                .withSearchPageCap(settings.integer("folders.emulator.search-page-cap"))
                .withSearchLag(settings.duration("folders.emulator.search-lag"));
        FoldersStandIn standIn = FoldersStandIn.start(tree, behaviour, settings.integer("folders.emulator.port"));
        String fault = settings.text("folders.emulator.setup-fault");
        if (!fault.isEmpty()) {
            standIn.setupFault(SetupFault.valueOf(fault));
        }
        return standIn;
    }
}
