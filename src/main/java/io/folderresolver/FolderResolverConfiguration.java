package io.folderresolver;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.folderresolver.batch.BatchLimits;
import io.folderresolver.batch.BatchParser;
import io.folderresolver.ingest.InboxFiles;
import io.folderresolver.ingest.InboxFilter;
import io.folderresolver.output.ResultDocumentAggregation;
import io.folderresolver.output.ResultFiles;
import io.folderresolver.pubsub.DeliveryAttempts;
import io.folderresolver.pubsub.EmulatorTopology;
import io.folderresolver.pubsub.FlowControlledPubsubComponent;
import io.folderresolver.pubsub.standin.PubSubStandIn;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import io.folderresolver.resolver.ApiAccess;
import io.folderresolver.resolver.ApiAvailability;
import io.folderresolver.resolver.ApiRateLimiter;
import io.folderresolver.resolver.LookupRetries;
import io.folderresolver.resolver.FolderResolver;
import io.folderresolver.resolver.FolderResolverFactory;
import io.folderresolver.resolver.FoldersConnection;
import io.folderresolver.standin.FolderTree;
import io.folderresolver.standin.FoldersStandIn;
import io.folderresolver.standin.StandInBehaviour;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.google.pubsub.v1.Subscription;
import org.apache.camel.support.ResourceHelper;
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
    public ResultFiles resultFiles(@PropertyInject("output.file.dir") String outbox) {
        return new ResultFiles(Path.of(outbox), Clock.systemUTC());
    }

    @BindToRegistry
    public ResultDocumentAggregation resultDocumentAggregation() {
        return new ResultDocumentAggregation();
    }

    @BindToRegistry
    public InboxFilter inboxFilter(@PropertyInject("ingest.file.settle-time") String settleTime) {
        return new InboxFilter(TimeUtils.toDuration(settleTime), System::nanoTime);
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

    /** Ordered wiring: the resolver needs the Folders API, which may be the embedded stand-in; likewise Pub/Sub. */
    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        configureFolderResolver(context, properties);
        configurePubsub(context, properties);
    }

    private static void configureFolderResolver(CamelContext context, PropertiesComponent properties) throws Exception {
        String endpoint = required(properties, "folders.endpoint");
        boolean plaintext = Boolean.parseBoolean(required(properties, "folders.plaintext"));
        Optional<FoldersStandIn> standIn = Optional.empty();
        if (Boolean.parseBoolean(required(properties, "folders.emulator.enabled"))) {
            standIn = Optional.of(startStandIn(context, properties));
            endpoint = standIn.get().address();
            plaintext = true;
        }
        ApiRateLimiter limiter = ApiRateLimiter.systemClock(
                Long.parseLong(required(properties, "resolver.rate")),
                Long.parseLong(required(properties, "resolver.burst")));
        FoldersClient client = new FoldersConnection(endpoint, plaintext, duration(properties, "resolver.call-timeout")).open();
        context.addService(standIn.isPresent() ? new ClosedWithCamel(client, standIn.get()) : new ClosedWithCamel(client));
        ApiAvailability availability = new ApiAvailability(duration(properties, "resolver.outage-tolerance"),
                duration(properties, "resolver.outage-probe-interval"), Clock.systemUTC());
        context.getRegistry().bind("apiAvailability", availability);
        LookupRetries retries = new LookupRetries(duration(properties, "resolver.retry-backoff"),
                duration(properties, "resolver.retry-max-backoff"), duration(properties, "resolver.retry-deadline"),
                Integer.parseInt(required(properties, "resolver.max-attempts")));

        FolderResolver resolver = FolderResolverFactory.create(new ApiAccess(client, limiter, availability, retries),
                new FolderResolver.CacheSettings(
                        Long.parseLong(required(properties, "resolver.cache.maximum-size")),
                        duration(properties, "resolver.cache.ttl"),
                        duration(properties, "resolver.cache.negative-ttl")));
        context.getRegistry().bind("folderResolver", resolver);
    }

    /**
     * Which Pub/Sub the google-pubsub component talks to: the emulator at PUBSUB_EMULATOR_HOST if set (Google's
     * convention), else the embedded stand-in if enabled, else the real service with Application Default
     * Credentials. Topics and the subscription are created only on emulators.
     */
    private static void configurePubsub(CamelContext context, PropertiesComponent properties) throws Exception {
        boolean ingest = Boolean.parseBoolean(required(properties, "ingest.pubsub.enabled"));
        boolean output = Boolean.parseBoolean(required(properties, "output.pubsub.enabled"));
        FlowControlledPubsubComponent component = new FlowControlledPubsubComponent(
                Integer.parseInt(required(properties, "ingest.pubsub.max-in-flight")),
                duration(properties, "ingest.pubsub.ack-deadline"), maxAckExtension(properties));
        context.addComponent("google-pubsub", component);
        if (ingest) {
            LOG.info("Pub/Sub subscribers hold a batch for up to {} while resolving it (ingest.pubsub.max-ack-extension)",
                    TimeUtils.printDuration(maxAckExtension(properties), true));
        }
        if (!ingest && !output) {
            return;
        }
        String emulatorHost = properties.resolveProperty("pubsub.emulator.host").map(String::strip).orElse("");
        if (emulatorHost.isEmpty() && Boolean.parseBoolean(required(properties, "pubsub.emulator.enabled"))) {
            PubSubStandIn standIn = PubSubStandIn.start(Integer.parseInt(required(properties, "pubsub.emulator.port")));
            context.addService(new ClosedWithCamel(standIn));
            context.getRegistry().bind("pubsubStandIn", standIn);
            emulatorHost = standIn.address();
        }
        if (emulatorHost.isEmpty()) {
            return;
        }
        component.setEndpoint(emulatorHost);
        component.setAuthenticate(false);
        List<String> topics = new ArrayList<>();
        if (ingest) {
            topics.add(required(properties, "ingest.pubsub.topic"));
        }
        if (output) {
            topics.add(required(properties, "output.pubsub.topic"));
        }
        topics.add(required(properties, "output.pubsub.dead-letter-topic"));
        String project = required(properties, "gcp.project");
        Subscription subscription = !ingest ? null : EmulatorTopology.subscription(project,
                required(properties, "ingest.pubsub.subscription"), required(properties, "ingest.pubsub.topic"),
                duration(properties, "ingest.pubsub.retry-min-backoff"),
                duration(properties, "ingest.pubsub.retry-max-backoff"),
                required(properties, "output.pubsub.dead-letter-topic"),
                Integer.parseInt(required(properties, "ingest.pubsub.max-attempts")));
        EmulatorTopology.ensure(emulatorHost, project, topics, subscription);
    }

    /**
     * How long a subscriber may keep renewing its hold on one batch: as set, or long enough for the largest batch
     * the service accepts at the configured rate, through the longest outage it waits out.
     */
    static Duration maxAckExtension(PropertiesComponent properties) {
        String configured = properties.resolveProperty("ingest.pubsub.max-ack-extension").map(String::strip).orElse("");
        if (!configured.isEmpty()) {
            return TimeUtils.toDuration(configured);
        }
        long maxEntries = Long.parseLong(required(properties, "ingest.max-entries"));
        long perSecond = Math.max(1, Long.parseLong(required(properties, "resolver.rate")));
        return Duration.ofSeconds((maxEntries + perSecond - 1) / perSecond)
                .plus(duration(properties, "resolver.outage-tolerance"));
    }

    private static FoldersStandIn startStandIn(CamelContext context, PropertiesComponent properties) throws Exception {
        FolderTree tree;
        try (InputStream data = ResourceHelper.resolveMandatoryResourceAsInputStream(context,
                LocalOrPackaged.file(required(properties, "folders.emulator.data")))) {
            tree = FolderTree.read(data);
        }
        StandInBehaviour behaviour = StandInBehaviour.immediate()
                .withLatency(duration(properties, "folders.emulator.latency"), duration(properties, "folders.emulator.jitter"))
                .withQuotaPerSecond(Integer.parseInt(required(properties, "folders.emulator.quota")))
                .withUnavailableRate(Double.parseDouble(required(properties, "folders.emulator.unavailable-rate")))
                .withNotFound(ids(properties, "folders.emulator.not-found-ids"))
                .withPermissionDenied(ids(properties, "folders.emulator.permission-denied-ids"));
        FoldersStandIn standIn = FoldersStandIn.start(tree, behaviour, Integer.parseInt(required(properties, "folders.emulator.port")));
        return standIn;
    }

    private static String required(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::strip)
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }

    private static Duration duration(PropertiesComponent properties, String key) {
        return TimeUtils.toDuration(required(properties, key));
    }

    private static Set<String> ids(PropertiesComponent properties, String key) {
        return Arrays.stream(properties.resolveProperty(key).orElse("").split(","))
                .map(String::strip).filter(id -> !id.isEmpty()).collect(Collectors.toSet());
    }
}
