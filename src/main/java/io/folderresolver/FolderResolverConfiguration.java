package io.folderresolver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.api.gax.core.FixedCredentialsProvider;
import io.folderresolver.assets.AssetFeed;
import io.folderresolver.batch.BatchLimits;
import io.folderresolver.health.AssetFeedHealthCheck;
import io.folderresolver.health.FoldersApiHealthCheck;
import io.folderresolver.metrics.BatchMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import io.folderresolver.health.PubsubSubscriptionHealthCheck;
import io.folderresolver.pubsub.SubscriberHealth;
import io.folderresolver.batch.BatchParser;
import io.folderresolver.ingest.InboxFiles;
import io.folderresolver.ingest.InboxFilter;
import io.folderresolver.output.KnownResults;
import io.folderresolver.output.ProgressBoard;
import io.folderresolver.output.ResultDocumentAggregation;
import io.folderresolver.output.OutboxState;
import io.folderresolver.output.ResultFiles;
import io.folderresolver.health.OutboxHealthCheck;
import org.apache.camel.BeanInject;
import io.folderresolver.pubsub.DeliveryAttempts;
import io.folderresolver.pubsub.EmulatorTopology;
import io.folderresolver.pubsub.FlowControlledPubsubComponent;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.resolver.ApiAccess;
import io.folderresolver.resolver.ApiAvailability;
import io.folderresolver.resolver.LookupWaits;
import io.folderresolver.health.BatchesHealthCheck;
import io.folderresolver.health.BatchesView;
import io.folderresolver.resolver.CallerIdentity;
import io.folderresolver.resolver.SetupFault;
import io.folderresolver.resolver.ApiRateLimiter;
import io.folderresolver.resolver.AssetReconciliation;
import io.folderresolver.resolver.AssetsConnection;
import com.google.cloud.asset.v1.AssetServiceClient;
import io.folderresolver.resolver.CallQuota;
import io.folderresolver.health.SharedStateHealthCheck;
import io.folderresolver.shared.FleetQuota;
import io.folderresolver.shared.SharedChanges;
import io.folderresolver.shared.SharedLookups;
import io.folderresolver.resolver.FolderChange;
import io.folderresolver.shared.SharedRedis;
import io.github.bucket4j.TimeMeter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import io.folderresolver.resolver.LookupRetries;
import io.folderresolver.resolver.FolderResolver;
import io.folderresolver.resolver.FolderResolverFactory;
import io.folderresolver.resolver.BulkWarmUp;
import io.folderresolver.resolver.FoldersConnection;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.google.pubsub.v1.Subscription;
import org.apache.camel.util.TimeUtils;

/** Makes every bean and component the routes use, from the properties in {@code config/} (and their env-var overrides). */
@Configuration
public class FolderResolverConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FolderResolverConfiguration.class);

    @BindToRegistry
    public BatchParser batchParser(
            @PropertyInject("ingest.max-batch-bytes") long maxBatchBytes,
            @PropertyInject("ingest.max-entries") int maxEntries) {
        return new BatchParser(Clock.systemUTC(), new BatchLimits(maxBatchBytes, maxEntries));
    }

    /** The outbox; deletes what an earlier run left half-written. */
    @BindToRegistry
    public ResultFiles resultFiles(@PropertyInject("output.file.dir") String outbox,
            @BeanInject("outboxState") OutboxState state) {
        return new ResultFiles(Path.of(outbox), Clock.systemUTC(), state);
    }

    /** Whether the outbox can be written: readiness, and a back-off for the inbox while it cannot. */
    @BindToRegistry
    public OutboxState outboxState() {
        return new OutboxState(System::nanoTime);
    }

    @BindToRegistry
    public ResultDocumentAggregation resultDocumentAggregation() {
        return new ResultDocumentAggregation();
    }

    @BindToRegistry
    public InboxFilter inboxFilter(@PropertyInject("ingest.file.settle-time") String settleTime,
            @BeanInject("outboxState") OutboxState outbox) {
        return new InboxFilter(TimeUtils.toDuration(settleTime), System::nanoTime, outbox::backingOff);
    }

    @BindToRegistry
    public DeliveryAttempts deliveryAttempts() {
        return new DeliveryAttempts();
    }

    /** Deletes what an earlier run left half-written in the inbox. */
    @BindToRegistry
    public InboxFiles inboxFiles(@PropertyInject("ingest.file.dir") String inbox) {
        return new InboxFiles(Path.of(inbox), Clock.systemUTC());
    }

    /**
     * The registry /observe/metrics serves: the one camel-micrometer-prometheus binds when camel.metrics.enabled,
     * else one in memory (nothing scrapes it then).
     */
    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry camels = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        return camels != null ? camels : new SimpleMeterRegistry();
    }

    /**
     * Checks the settings against the mode, then wires the resolver and Pub/Sub. In local mode
     * {@code local.LocalStandIns} has run first and pointed the endpoints at its stand-ins.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        ServiceMode mode = ServiceMode.of(settings);
        ConfigurationCheck.verify(mode, settings);
        MeterRegistry meters = meterRegistry(context);
        // The JVM's heap and non-heap use against their maxima: the alert on a heap near its limit reads these.
        new JvmMemoryMetrics().bindTo(meters);
        context.getRegistry().bind("batchMetrics", new BatchMetrics(meters));
        OutboxState outbox = context.getRegistry().lookupByNameAndType("outboxState", OutboxState.class);
        outbox.countIn(meters);
        HealthCheckRegistry.get(context).register(new OutboxHealthCheck(outbox));
        configureFolderResolver(context, settings, meters);
        configurePubsub(context, settings);
        LOG.info(StartupSummary.describe(mode, settings, context.getRegistry()));
    }

    private static void configureFolderResolver(CamelContext context, Settings settings, MeterRegistry meters)
            throws Exception {
        long rate = Long.parseLong(settings.required("resolver.rate"));
        long burst = Long.parseLong(settings.required("resolver.burst"));
        long searchRate = settings.integer("resolver.bulk.rate");
        ApiRateLimiter limiter = ApiRateLimiter.systemClock(rate, burst);
        Gauge.builder("folder.resolver.limiter.rate", limiter, ApiRateLimiter::rate)
                .description("Calls per second the adaptive limiter allows now").register(meters);
        Gauge.builder("folder.resolver.limiter.max.rate", () -> rate)
                .description("resolver.rate: the calls per second the limiter allows at most").register(meters);
        FoldersClient client = foldersClient(context, settings);
        context.addService(new ClosedWithCamel(client));
        ApiAvailability availability = new ApiAvailability(settings.duration("resolver.outage-tolerance"),
                settings.duration("resolver.outage-probe-interval"), Clock.systemUTC());
        context.getRegistry().bind("apiAvailability", availability);
        HealthCheckRegistry.get(context).register(new FoldersApiHealthCheck(availability));
        for (String reason : SetupFault.LABELS) {
            Gauge.builder("folder.resolver.setup.fault", availability,
                            api -> api.setupFault().filter(fault -> fault.label().equals(reason)).isPresent() ? 1 : 0)
                    .description("1 while the Folders API refuses every call for this fault in the set-up")
                    .tag("reason", reason).register(meters);
        }
        ProgressBoard progressBoard = new ProgressBoard(Path.of(settings.required("output.file.dir")), meters,
                System::nanoTime, settings.duration("output.stall-timeout"), new LookupWaits(availability, limiter, meters));
        context.getRegistry().bind("progressBoard", progressBoard);
        HealthCheckRegistry.get(context).register(new BatchesHealthCheck(progressBoard));
        BatchesView.serve(context, progressBoard);
        LookupRetries retries = new LookupRetries(settings.duration("resolver.retry-backoff"),
                settings.duration("resolver.retry-max-backoff"), settings.duration("resolver.retry-deadline"),
                settings.integer("resolver.max-attempts"));

        SharedRedis redis = sharedRedis(context, settings, meters);
        ApiAccess api = new ApiAccess(client, limiter, fleetQuota(redis, settings, meters, "GetFolder", rate, burst),
                availability, retries);
        FolderResolver.CacheSettings cache = new FolderResolver.CacheSettings(
                Long.parseLong(settings.required("resolver.cache.maximum-size")),
                settings.duration("resolver.cache.ttl"), settings.duration("resolver.cache.negative-ttl"));
        AtomicReference<SharedLookups> sharedLookups = new AtomicReference<>();
        FolderResolver resolver = FolderResolverFactory.create(api, cache, new FolderResolver.ResultOptions(
                settings.flag("output.paths"), settings.flag("output.include-deleted"), settings.flag("output.provenance")),
                meters,
                redis == null ? UnaryOperator.identity() : fromApi -> sharedLookups.updateAndGet(none -> new SharedLookups(
                        fromApi, redis, settings.required("resolver.shared.key-prefix"), new SharedLookups.Settings(
                                cache.ttl(), cache.negativeTtl(), settings.duration("resolver.shared.in-flight-ttl")),
                        meters)));
        context.getRegistry().bind("folderResolver", resolver);
        context.getRegistry().bind("knownResults", new KnownResults(resolver));
        boolean feed = !settings.text("ingest.asset-feed.subscription").isEmpty();
        if (feed) {
            // With replicas, a change one gets from the feed reaches every other one through Redis.
            Consumer<FolderChange> othersToTell = redis == null ? change -> { } : new SharedChanges(redis,
                    sharedLookups.get(), settings.required("resolver.shared.key-prefix"), resolver)::announce;
            context.getRegistry().bind("assetFeed", new AssetFeed(resolver, othersToTell, Clock.systemUTC(), meters));
        }
        boolean listAssets = "asset-inventory".equals(settings.required("resolver.bulk.source"));
        boolean reconcile = feed && !settings.text("resolver.asset.scope").isEmpty();
        if (!listAssets) {
            context.getRegistry().bind("bulkWarmUp", FolderResolverFactory.bulkWarmUp(resolver, api,
                    ApiRateLimiter.systemClock(searchRate, 1), fleetQuota(redis, settings, meters, "SearchFolders", searchRate, 1),
                    bulkSettings(settings, searchRate), meters));
        }
        if (listAssets || reconcile) {
            configureAssetInventory(context, settings, meters, resolver, retries, redis, listAssets, reconcile);
        }
    }

    /**
     * Cloud Asset Inventory, one client and one bucket at {@code resolver.asset.rate} calls a minute (the fleet's, with
     * Redis) for all its calls: the bulk warm-up through ListAssets ({@code resolver.bulk.source=asset-inventory}), and
     * with a feed, the reconciliation through SearchAllResources.
     */
    private static void configureAssetInventory(CamelContext context, Settings settings, MeterRegistry meters,
            FolderResolver resolver, LookupRetries retries, SharedRedis redis, boolean listAssets, boolean reconcile)
            throws Exception {
        String scope = settings.required("resolver.asset.scope");
        long perMinute = settings.integer("resolver.asset.rate");
        double perSecond = perMinute / 60.0;
        // The same identity and quota project as the Folders API's (none for a local server).
        CallerIdentity identity = context.getRegistry().lookupByNameAndType("callerIdentity", CallerIdentity.class);
        AssetServiceClient assets = new AssetsConnection(settings.required("assets.endpoint"),
                settings.flag("assets.plaintext"), settings.duration("resolver.call-timeout"))
                .open(identity == null ? null : FixedCredentialsProvider.create(identity.credentials()));
        context.addService(new ClosedWithCamel(assets));
        ApiRateLimiter limiter = ApiRateLimiter.perMinute(perMinute, TimeMeter.SYSTEM_NANOTIME);
        CallQuota fleet = fleetQuota(redis, settings, meters, "CloudAsset", perSecond, 1);
        if (listAssets) {
            context.getRegistry().bind("bulkWarmUp", FolderResolverFactory.assetWarmUp(resolver, assets, scope, retries,
                    limiter, fleet, bulkSettings(settings, perSecond), meters));
        }
        if (reconcile) {
            context.getRegistry().bind("assetReconciliation", new AssetReconciliation(resolver, assets, scope, limiter,
                    fleet, retries, perSecond, settings.duration("output.progress-interval"), Clock.systemUTC(), meters));
        }
    }

    /** The bulk warm-up's settings, with the pages a second its listing may ask for. */
    private static BulkWarmUp.Settings bulkSettings(Settings settings, double listingRate) {
        return new BulkWarmUp.Settings(settings.flag("resolver.bulk.enabled"), settings.integer("resolver.bulk.threshold"),
                Long.parseLong(settings.required("resolver.rate")), listingRate,
                settings.duration("resolver.bulk.min-interval"), settings.duration("output.progress-interval"));
    }

    /** The Redis the replicas share ({@code resolver.shared.redis-uri}), or null when there is none. */
    private static SharedRedis sharedRedis(CamelContext context, Settings settings, MeterRegistry meters)
            throws Exception {
        String uri = settings.text("resolver.shared.redis-uri");
        if (uri.isEmpty()) {
            return null;
        }
        SharedRedis redis = new SharedRedis(uri, settings.text("resolver.shared.password"),
                settings.duration("resolver.shared.timeout"),
                settings.duration("resolver.shared.retry-interval"), System::nanoTime);
        context.addService(new ClosedWithCamel(redis));
        redis.ping(); // connects now, so the first batch does not wait for it; down is fine (logged, retried)
        HealthCheckRegistry.get(context).register(new SharedStateHealthCheck(redis, localShare(settings)));
        Gauge.builder("folder.resolver.shared.redis.up", redis, up -> up.isUp() ? 1 : 0)
                .description("1 while the replicas share quota and cache through Redis, 0 while on local limits")
                .register(meters);
        return redis;
    }

    /** The quota of one API method the fleet shares, or none when there is no Redis. */
    private static CallQuota fleetQuota(SharedRedis redis, Settings settings, MeterRegistry meters, String method,
            double rate, long burst) {
        if (redis == null) {
            return CallQuota.UNSHARED;
        }
        // The wall clock: every replica refills the one bucket by the same time.
        FleetQuota quota = new FleetQuota(redis, settings.required("resolver.shared.key-prefix") + ":quota:" + method,
                rate, burst, settings.integer("resolver.shared.replicas"), TimeMeter.SYSTEM_MILLISECONDS);
        Gauge.builder("folder.resolver.shared.rate", quota, FleetQuota::rate).tag("method", method)
                .description("Calls per second the whole fleet allows now, as this replica last read it").register(meters);
        return quota;
    }

    /**
     * The official client: plaintext without credentials for a local server, else TLS with Application Default
     * Credentials and the quota project ({@code gcp.quota-project}), whose identity the start-up line names.
     */
    private static FoldersClient foldersClient(CamelContext context, Settings settings) {
        FoldersConnection connection = new FoldersConnection(settings.required("folders.endpoint"),
                settings.flag("folders.plaintext"), settings.duration("resolver.call-timeout"));
        if (settings.flag("folders.plaintext")) {
            return connection.open();
        }
        CallerIdentity identity = CallerIdentity.fromApplicationDefault(settings.text("gcp.quota-project"));
        context.getRegistry().bind("callerIdentity", identity);
        if (identity.userWithoutQuotaProject()) {
            LOG.warn("The Folders API is called with user credentials that carry no quota project: Google charges its "
                    + "shared SDK project, whose quota and API enablement are not yours. Set gcp.quota-project "
                    + "(GCP_QUOTA_PROJECT), or run gcloud auth application-default set-quota-project PROJECT");
        }
        return connection.open(FixedCredentialsProvider.create(identity.credentials()));
    }

    /** Calls per second one replica makes while Redis is unreachable. */
    private static double localShare(Settings settings) {
        return Long.parseLong(settings.required("resolver.rate")) / (double) settings.integer("resolver.shared.replicas");
    }

    /**
     * Which Pub/Sub the google-pubsub component talks to: the emulator at {@code pubsub.emulator.host}
     * (PUBSUB_EMULATOR_HOST, Google's convention; in local mode the embedded stand-in), else the real service with
     * Application Default Credentials. Topics and the subscription are created only on emulators.
     */
    private static void configurePubsub(CamelContext context, Settings settings) {
        boolean ingest = settings.flag("ingest.pubsub.enabled");
        boolean output = settings.flag("output.pubsub.enabled");
        Duration maxAckExtension = maxAckExtension(settings);
        SubscriberHealth subscriberHealth = new SubscriberHealth(Clock.systemUTC());
        context.getRegistry().bind("subscriberHealth", subscriberHealth);
        FlowControlledPubsubComponent component = new FlowControlledPubsubComponent(
                settings.integer("ingest.pubsub.max-in-flight"),
                settings.duration("ingest.pubsub.ack-deadline"), maxAckExtension, subscriberHealth);
        context.addComponent("google-pubsub", component);
        SubscriberHealth feedHealth = new SubscriberHealth(Clock.systemUTC());
        context.getRegistry().bind("feedSubscriberHealth", feedHealth);
        if (!settings.text("ingest.asset-feed.subscription").isEmpty()) {
            HealthCheckRegistry.get(context).register(new AssetFeedHealthCheck(
                    context.getRegistry().lookupByNameAndType("assetFeed", AssetFeed.class), feedHealth));
        }
        // The feed's messages are small and quick: a bound of their own, so a burst of changes is not paced by the
        // few batches a subscriber may hold at once.
        FlowControlledPubsubComponent feedComponent = new FlowControlledPubsubComponent(
                settings.integer("ingest.asset-feed.max-in-flight"), settings.duration("ingest.pubsub.ack-deadline"),
                settings.duration("ingest.pubsub.ack-deadline"), feedHealth);
        context.addComponent("google-pubsub-feed", feedComponent);
        if (ingest) {
            HealthCheckRegistry.get(context).register(new PubsubSubscriptionHealthCheck(subscriberHealth,
                    settings.required("ingest.pubsub.subscription")));
            LOG.info("Pub/Sub subscribers hold a batch for up to {} while resolving it (ingest.pubsub.max-ack-extension)",
                    TimeUtils.printDuration(maxAckExtension, true));
        }
        String feed = settings.text("ingest.asset-feed.subscription");
        String emulatorHost = settings.text("pubsub.emulator.host");
        if ((!ingest && !output && feed.isEmpty()) || emulatorHost.isEmpty()) {
            return;
        }
        component.setEndpoint(emulatorHost);
        component.setAuthenticate(false);
        feedComponent.setEndpoint(emulatorHost);
        feedComponent.setAuthenticate(false);
        List<String> topics = new ArrayList<>();
        if (ingest) {
            topics.add(settings.required("ingest.pubsub.topic"));
        }
        if (output) {
            topics.add(settings.required("output.pubsub.topic"));
        }
        topics.add(settings.required("output.pubsub.dead-letter-topic"));
        String project = settings.required("gcp.project");
        List<Subscription> subscriptions = new ArrayList<>();
        // Both subscriptions with the service's retry back-off and dead-letter policy.
        BiFunction<String, String, Subscription> subscription = (name, topic) -> EmulatorTopology.subscription(project,
                name, topic, settings.duration("ingest.pubsub.retry-min-backoff"),
                settings.duration("ingest.pubsub.retry-max-backoff"), settings.required("output.pubsub.dead-letter-topic"),
                settings.integer("ingest.pubsub.max-attempts"));
        if (ingest) {
            subscriptions.add(subscription.apply(settings.required("ingest.pubsub.subscription"),
                    settings.required("ingest.pubsub.topic")));
        }
        if (!feed.isEmpty()) {
            topics.add(settings.required("ingest.asset-feed.topic"));
            subscriptions.add(subscription.apply(feed, settings.required("ingest.asset-feed.topic")));
        }
        EmulatorTopology.ensure(emulatorHost, project, topics, subscriptions);
    }

    /**
     * How long a subscriber may keep renewing its hold on one batch: as set, or long enough for the largest batch
     * the service accepts at the configured rate, through the longest outage it waits out.
     */
    private static Duration maxAckExtension(Settings settings) {
        String configured = settings.text("ingest.pubsub.max-ack-extension");
        if (!configured.isEmpty()) {
            return TimeUtils.toDuration(configured);
        }
        long maxEntries = Long.parseLong(settings.required("ingest.max-entries"));
        long perSecond = Math.max(1, Long.parseLong(settings.required("resolver.rate")));
        return Duration.ofSeconds((maxEntries + perSecond - 1) / perSecond)
                .plus(settings.duration("resolver.outage-tolerance"));
    }
}
