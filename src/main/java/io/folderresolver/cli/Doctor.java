package io.folderresolver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import com.google.cloud.resourcemanager.v3.SearchFoldersRequest;
import com.google.cloud.resourcemanager.v3.SearchFoldersResponse;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.ListTopicSubscriptionsRequest;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.google.api.gax.core.CredentialsProvider;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.ContentType;
import com.google.cloud.asset.v1.ListAssetsRequest;
import com.google.cloud.asset.v1.ListAssetsResponse;
import io.folderresolver.resolver.AssetsConnection;
import io.folderresolver.ConfigurationCheck;
import io.folderresolver.ServiceMode;
import io.folderresolver.Settings;
import io.folderresolver.pubsub.EmulatorTopology;
import io.folderresolver.resolver.ApiErrors;
import io.folderresolver.resolver.CallerIdentity;
import io.folderresolver.resolver.FoldersConnection;
import io.folderresolver.shared.SharedRedis;

/**
 * The checks of {@code doctor}, each a network call of at most {@code timeout}: what the service needs, with what is
 * wrong and how to fix it. It reads the service's own settings and classifies answers as the service does, so a check
 * that passes here passes there.
 */
final class Doctor {

    /** One line of the report. */
    record Check(boolean passed, String name, String detail) {

        static Check passed(String name, String detail) {
            return new Check(true, name, detail);
        }

        static Check failed(String name, String detail) {
            return new Check(false, name, detail);
        }

        String line() {
            return (passed ? "\u2713 " : "\u2717 ") + name + ": " + detail;
        }
    }

    private final ServiceMode mode;
    private final Settings settings;
    private final String folder;
    private final Duration timeout;
    private final boolean embeddedPubsub;
    private final List<Check> checks = new ArrayList<>();

    /**
     * @param folder         the folder GetFolder is tried on; null for the first one search shows
     * @param embeddedPubsub the embedded Pub/Sub stand-in serves (local mode): the service creates its topology
     */
    Doctor(ServiceMode mode, Settings settings, String folder, Duration timeout, boolean embeddedPubsub) {
        this.mode = mode;
        this.settings = settings;
        this.folder = folder;
        this.timeout = timeout;
        this.embeddedPubsub = embeddedPubsub;
    }

    List<Check> run() {
        if (configuration()) {
            folders();
            assetInventory();
            pubsub();
            redis();
            if (settings.flag("ingest.file.enabled")) {
                writable("inbox", settings.required("ingest.file.dir"), "ingest.file.dir");
            }
            if (settings.flag("output.file.enabled")) {
                writable("outbox", settings.required("output.file.dir"), "output.file.dir");
            }
        }
        return checks;
    }

    private boolean configuration() {
        try {
            ConfigurationCheck.verify(mode, settings);
            checks.add(Check.passed("configuration", "mode " + mode.profile()));
            return true;
        } catch (RuntimeException e) {
            checks.add(Check.failed("configuration", e.getMessage()));
            return false;
        }
    }

    private void folders() {
        FoldersConnection connection = new FoldersConnection(settings.required("folders.endpoint"),
                settings.flag("folders.plaintext"), timeout);
        FoldersClient client;
        if (settings.flag("folders.plaintext")) {
            checks.add(Check.passed("credentials", "none: plaintext to " + settings.required("folders.endpoint")
                    + ", a local server"));
            client = connection.open();
        } else {
            CallerIdentity identity;
            try {
                identity = CallerIdentity.fromApplicationDefault(settings.text("gcp.quota-project"));
            } catch (RuntimeException e) {
                checks.add(Check.failed("credentials", e.getMessage()));
                return;
            }
            checks.add(Check.passed("credentials", identity.principal()));
            checks.add(identity.userWithoutQuotaProject()
                    ? Check.failed("quota project", identity.quotaProject()
                            + ". Fix: gcloud auth application-default set-quota-project PROJECT, or GCP_QUOTA_PROJECT")
                    : Check.passed("quota project", identity.quotaProject()));
            client = connection.open(FixedCredentialsProvider.create(identity.credentials()));
        }
        try (client) {
            Optional<String> first = search(client);
            String tried = folder != null ? folder : first.orElse(null);
            if (tried == null) {
                checks.add(Check.failed("GetFolder", "no folder to try: pass --folder ID"));
            } else {
                getFolder(client, tried.startsWith("folders/") ? tried : "folders/" + tried);
            }
        }
    }

    /** One page of SearchFolders: the search permission, and a folder to try GetFolder on. */
    private Optional<String> search(FoldersClient client) {
        try {
            SearchFoldersResponse page = client.searchFoldersCallable().call(
                    SearchFoldersRequest.newBuilder().setPageSize(1000).build(), deadline());
            if (page.getFoldersCount() == 0) {
                checks.add(Check.failed("SearchFolders", "no folder visible to the caller. Fix: grant "
                        + "roles/resourcemanager.folderViewer on the organization or the folders to resolve"));
                return Optional.empty();
            }
            checks.add(Check.passed("SearchFolders", page.getFoldersCount() + " folders on the first page"
                    + (page.getNextPageToken().isEmpty() ? "" : ", more pages follow")));
            return Optional.of(page.getFolders(0).getName());
        } catch (ApiException e) {
            checks.add(Check.failed("SearchFolders", meaning(e)));
            return Optional.empty();
        }
    }

    private void getFolder(FoldersClient client, String name) {
        try {
            Folder found = client.getFolderCallable().call(GetFolderRequest.newBuilder().setName(name).build(), deadline());
            checks.add(Check.passed("GetFolder", name + " is '" + found.getDisplayName() + "'"
                    + (found.getState() == Folder.State.DELETE_REQUESTED ? " (DELETE_REQUESTED)" : "")));
        } catch (ApiException e) {
            checks.add(Check.failed("GetFolder", name + ": " + meaning(e)));
        }
    }

    /** An error as the service reads it, with the fix. */
    private String meaning(ApiException e) {
        ApiErrors.Meaning meaning = ApiErrors.of(e);
        if (meaning instanceof ApiErrors.Setup setup) {
            return "a fault in the set-up, " + setup.fault().describe();
        }
        if (meaning instanceof ApiErrors.FolderAnswer answer) {
            return answer.error() + ". Fix: grant roles/resourcemanager.folderViewer on the folder or a parent, or try"
                    + " another with --folder";
        }
        if (meaning instanceof ApiErrors.Quota) {
            return "the quota is spent for now (RESOURCE_EXHAUSTED); try again, and check resolver.rate";
        }
        return "cannot reach " + settings.required("folders.endpoint") + ": " + ApiErrors.describe(e);
    }

    /**
     * With Cloud Asset Inventory in use (a ListAssets warm-up, or a feed's reconciliation): one ListAssets page of the
     * scope, as the service's identity.
     */
    private void assetInventory() {
        boolean listAssets = "asset-inventory".equals(settings.text("resolver.bulk.source"));
        String scope = settings.text("resolver.asset.scope");
        boolean reconcile = !settings.text("ingest.asset-feed.subscription").isEmpty() && !scope.isEmpty();
        if (!listAssets && !reconcile) {
            return;
        }
        CredentialsProvider credentials = null;
        if (!settings.flag("assets.plaintext")) {
            try {
                credentials = FixedCredentialsProvider.create(
                        CallerIdentity.fromApplicationDefault(settings.text("gcp.quota-project")).credentials());
            } catch (RuntimeException e) {
                checks.add(Check.failed("ListAssets", e.getMessage()));
                return;
            }
        }
        try (AssetServiceClient client = new AssetsConnection(settings.required("assets.endpoint"),
                settings.flag("assets.plaintext"), timeout).open(credentials)) {
            ListAssetsResponse page = client.listAssetsCallable().call(ListAssetsRequest.newBuilder().setParent(scope)
                    .addAssetTypes("cloudresourcemanager.googleapis.com/Folder").setContentType(ContentType.RESOURCE)
                    .setPageSize(10).build(), deadline());
            checks.add(Check.passed("ListAssets", page.getAssetsCount() + " folders on the first page of " + scope));
        } catch (ApiException e) {
            checks.add(Check.failed("ListAssets", scope + ": " + ApiErrors.describe(e) + ". Fix: the service needs "
                    + "roles/cloudasset.viewer on " + scope + " and the Cloud Asset API (cloudasset.googleapis.com) "
                    + "enabled in its quota project (docs/asset-inventory.md)"));
        }
    }

    private void pubsub() {
        boolean ingest = settings.flag("ingest.pubsub.enabled");
        boolean output = settings.flag("output.pubsub.enabled");
        String feed = settings.text("ingest.asset-feed.subscription");
        if (!ingest && !output && feed.isEmpty()) {
            return;
        }
        if (embeddedPubsub) {
            checks.add(Check.passed("Pub/Sub", "the embedded stand-in; the service creates its topics and subscription"));
            return;
        }
        String project = settings.required("gcp.project");
        String emulator = settings.text("pubsub.emulator.host");
        try (TopicAdminClient topics = TopicAdminClient.create(topicSettings(emulator));
             SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(subscriptionSettings(emulator))) {
            if (ingest) {
                subscription(subscriptions, project);
            }
            if (!feed.isEmpty()) {
                feedSubscription(subscriptions, project, feed);
            }
            if (output) {
                topicWithReaders(topics, project, settings.required("output.pubsub.topic"), "result topic");
            }
            topicWithReaders(topics, project, settings.required("output.pubsub.dead-letter-topic"), "dead-letter topic");
        } catch (IOException | RuntimeException e) {
            checks.add(Check.failed("Pub/Sub", "cannot reach it: " + e.getMessage()));
        }
    }

    private void subscription(SubscriptionAdminClient subscriptions, String project) {
        String name = SubscriptionName.of(project, settings.required("ingest.pubsub.subscription")).toString();
        Subscription subscription;
        try {
            subscription = subscriptions.getSubscriptionCallable().call(
                    GetSubscriptionRequest.newBuilder().setSubscription(name).build(), deadline());
        } catch (NotFoundException e) {
            checks.add(Check.failed("subscription", name + " does not exist. Fix: gcloud pubsub subscriptions create "
                    + settings.required("ingest.pubsub.subscription") + " --topic " + settings.required("ingest.pubsub.topic")
                    + " (docs/deploying-on-gcp.md)"));
            return;
        } catch (ApiException e) {
            checks.add(Check.failed("subscription", name + ": " + ApiErrors.describe(e)
                    + ". Fix: the service needs roles/pubsub.subscriber on it, doctor roles/pubsub.viewer to read it"));
            return;
        }
        checks.add(Check.passed("subscription", name + ", ack deadline " + subscription.getAckDeadlineSeconds() + " s"));
        int maxAttempts = settings.integer("ingest.pubsub.max-attempts");
        if (!subscription.hasDeadLetterPolicy()) {
            checks.add(Check.failed("dead-letter policy", "none on " + name + ": deliveries are counted by each replica"
                    + " alone and forgotten on restart. Fix: gcloud pubsub subscriptions update "
                    + settings.required("ingest.pubsub.subscription") + " --dead-letter-topic "
                    + settings.required("output.pubsub.dead-letter-topic") + " --max-delivery-attempts " + (maxAttempts + 1)));
        } else if (subscription.getDeadLetterPolicy().getMaxDeliveryAttempts() <= maxAttempts) {
            checks.add(Check.failed("dead-letter policy", "Pub/Sub forwards after "
                    + subscription.getDeadLetterPolicy().getMaxDeliveryAttempts() + " deliveries, not above "
                    + "ingest.pubsub.max-attempts (" + maxAttempts + "), so batches reach it without their error. Fix: "
                    + "--max-delivery-attempts " + (maxAttempts + 1)));
        } else {
            checks.add(Check.passed("dead-letter policy", "to " + subscription.getDeadLetterPolicy().getDeadLetterTopic()
                    + " after " + subscription.getDeadLetterPolicy().getMaxDeliveryAttempts() + " deliveries"));
        }
    }

    /** The topic exists and someone reads it: Pub/Sub drops what is published to a topic nobody subscribes to. */
    private void feedSubscription(SubscriptionAdminClient subscriptions, String project, String feed) {
        String name = SubscriptionName.of(project, feed).toString();
        try {
            Subscription subscription = subscriptions.getSubscriptionCallable().call(
                    GetSubscriptionRequest.newBuilder().setSubscription(name).build(), deadline());
            checks.add(Check.passed("asset feed subscription", name + " on " + subscription.getTopic()));
        } catch (NotFoundException e) {
            checks.add(Check.failed("asset feed subscription", name + " does not exist. Fix: gcloud pubsub "
                    + "subscriptions create " + feed + " --topic TOPIC_OF_THE_FEED (docs/asset-inventory.md)"));
        } catch (ApiException e) {
            checks.add(Check.failed("asset feed subscription", name + ": " + ApiErrors.describe(e)
                    + ". Fix: the service needs roles/pubsub.subscriber on it, doctor roles/pubsub.viewer to read it"));
        }
    }

    private void topicWithReaders(TopicAdminClient topics, String project, String topic, String role) {
        String name = TopicName.of(project, topic).toString();
        try {
            topics.getTopicCallable().call(GetTopicRequest.newBuilder().setTopic(name).build(), deadline());
        } catch (NotFoundException e) {
            checks.add(Check.failed(role, name + " does not exist. Fix: gcloud pubsub topics create " + topic));
            return;
        } catch (ApiException e) {
            checks.add(Check.failed(role, name + ": " + ApiErrors.describe(e)
                    + ". Fix: the service needs roles/pubsub.publisher on it, doctor roles/pubsub.viewer to read it"));
            return;
        }
        try {
            int readers = topics.listTopicSubscriptionsCallable().call(ListTopicSubscriptionsRequest.newBuilder()
                    .setTopic(name).build(), deadline()).getSubscriptionsCount();
            checks.add(readers > 0 ? Check.passed(role, name + ", read by " + readers + " subscription(s)")
                    : Check.failed(role, name + " has no subscription: Pub/Sub drops what is published to it. Fix: "
                            + "gcloud pubsub subscriptions create " + topic + "-reader --topic " + topic));
        } catch (ApiException e) {
            checks.add(Check.failed(role, name + ": cannot list its subscriptions: " + ApiErrors.describe(e)
                    + ". Fix: grant roles/pubsub.viewer on the topic, so doctor can check it"));
        }
    }

    private TopicAdminSettings topicSettings(String emulator) throws IOException {
        TopicAdminSettings.Builder builder = TopicAdminSettings.newBuilder();
        if (!emulator.isEmpty()) {
            builder.setTransportChannelProvider(EmulatorTopology.plaintextChannel(emulator))
                    .setCredentialsProvider(NoCredentialsProvider.create());
        }
        return builder.build();
    }

    private SubscriptionAdminSettings subscriptionSettings(String emulator) throws IOException {
        SubscriptionAdminSettings.Builder builder = SubscriptionAdminSettings.newBuilder();
        if (!emulator.isEmpty()) {
            builder.setTransportChannelProvider(EmulatorTopology.plaintextChannel(emulator))
                    .setCredentialsProvider(NoCredentialsProvider.create());
        }
        return builder.build();
    }

    private void redis() {
        String uri = settings.text("resolver.shared.redis-uri");
        if (uri.isEmpty()) {
            return;
        }
        try (SharedRedis redis = new SharedRedis(uri, settings.text("resolver.shared.password"), timeout, timeout,
                System::nanoTime)) {
            checks.add(redis.ping() ? Check.passed("Redis", redis.where() + " answers PING")
                    : Check.failed("Redis", redis.where() + " does not answer: " + redis.lastFailure()
                            + ". Fix: check resolver.shared.redis-uri, resolver.shared.password and the network"));
        }
    }

    private void writable(String name, String dir, String key) {
        Path path = Path.of(dir).toAbsolutePath();
        try {
            Files.createDirectories(path);
            Files.delete(Files.createTempFile(path, ".doctor-", ".tmp"));
            checks.add(Check.passed(name, path + " is writable"));
        } catch (IOException | RuntimeException e) {
            checks.add(Check.failed(name, "cannot write " + path + " (" + e + "). Fix: " + key
                    + " must name a directory this user may write"));
        }
    }

    private ApiCallContext deadline() {
        return GrpcCallContext.createDefault().withTimeoutDuration(timeout);
    }
}
