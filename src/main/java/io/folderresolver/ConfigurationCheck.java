package io.folderresolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.lettuce.core.RedisURI;

/**
 * Refuses to start on a setting that is missing or contradicts the mode, naming the key and its env var, so a
 * forgotten variable on Google Cloud never means a silent stand-in or the sample org.
 */
public final class ConfigurationCheck {

    private ConfigurationCheck() {
    }

    /** Start-up refused: a setting is missing or contradicts the mode. Its message says which and how to fix it. */
    public static final class Refused extends IllegalStateException {
        Refused(String message) {
            super(message);
        }
    }

    /** The env var that overrides a key: upper case, dots and dashes as underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static void verify(ServiceMode mode, Settings settings) {
        List<String> problems = new ArrayList<>();
        long rate = wholeNumber(settings, "resolver.rate");
        if (rate < 1) {
            problems.add(named("resolver.rate") + " must be at least 1 call per second, was " + rate);
        }
        long searchRate = wholeNumber(settings, "resolver.bulk.rate");
        if (searchRate < 1) {
            problems.add(named("resolver.bulk.rate") + " must be at least 1 call per second, was " + searchRate);
        }
        if (!settings.text("resolver.shared.redis-uri").isEmpty()) {
            problems.addAll(sharedStateProblems(settings));
        }
        problems.addAll(assetInventoryProblems(settings));
        if (mode == ServiceMode.GCP) {
            boolean pubsub = settings.flag("ingest.pubsub.enabled") || settings.flag("output.pubsub.enabled")
                    || !settings.text("ingest.asset-feed.subscription").isEmpty();
            if (pubsub && settings.text("gcp.project").isEmpty()) {
                problems.add(named("gcp.project") + " is required in gcp mode: the project of the topics and subscription");
            }
            for (String localOnly : List.of("folders.emulator.enabled", "pubsub.emulator.enabled", "folders.plaintext",
                    "assets.emulator.enabled", "assets.plaintext", "demo.seed-sample-input")) {
                if (settings.flag(localOnly)) {
                    problems.add(named(localOnly) + "=true is local-only and not allowed in gcp mode");
                }
            }
            String emulatorHost = settings.text("pubsub.emulator.host");
            if (!emulatorHost.isEmpty()) {
                problems.add("pubsub.emulator.host (PUBSUB_EMULATOR_HOST) is set to '" + emulatorHost
                        + "', an emulator, which is not allowed in gcp mode");
            }
        }
        if (!problems.isEmpty()) {
            throw new Refused("Cannot start in " + mode.profile() + " mode (" + ServiceMode.KEY + "): "
                    + String.join("; ", problems));
        }
    }

    /** The bulk source, and the scope Cloud Asset Inventory needs when it is used. */
    private static List<String> assetInventoryProblems(Settings settings) {
        List<String> problems = new ArrayList<>();
        String source = settings.text("resolver.bulk.source");
        if (!source.equals("search") && !source.equals("asset-inventory")) {
            problems.add(named("resolver.bulk.source") + " must be search or asset-inventory, was '" + source + "'");
        }
        String scope = settings.text("resolver.asset.scope");
        if (!scope.isEmpty() && !scope.matches("(organizations|folders)/\\d+")) {
            problems.add(named("resolver.asset.scope") + " must be organizations/N or folders/N, was '" + scope + "'");
        }
        if (source.equals("asset-inventory") && scope.isEmpty()) {
            problems.add(named("resolver.bulk.source") + "=asset-inventory needs " + named("resolver.asset.scope")
                    + ": the organization or folder whose folders ListAssets lists");
        }
        if (wholeNumber(settings, "resolver.asset.rate") < 1) {
            problems.add(named("resolver.asset.rate") + " must be at least 1 call a minute");
        }
        return problems;
    }

    private static List<String> sharedStateProblems(Settings settings) {
        List<String> problems = new ArrayList<>();
        long replicas = wholeNumber(settings, "resolver.shared.replicas");
        if (replicas < 1) {
            problems.add(named("resolver.shared.replicas") + " must be at least 1, was " + replicas);
        }
        try {
            RedisURI uri = RedisURI.create(settings.text("resolver.shared.redis-uri"));
            if (uri.getPassword() != null && uri.getPassword().length > 0) {
                // Camel prints every setting at start: a password belongs in the key it masks.
                problems.add(named("resolver.shared.redis-uri") + " must not carry a password: set it in "
                        + named("resolver.shared.password") + ", which is never logged");
            }
        } catch (IllegalArgumentException e) {
            // Not echoed: it may carry a password.
            problems.add(named("resolver.shared.redis-uri") + " is not a Redis URI (redis://host:port, or rediss:// with TLS)");
        }
        return problems;
    }

    private static String named(String key) {
        return key + " (" + envName(key) + ")";
    }

    private static long wholeNumber(Settings settings, String key) {
        try {
            return Long.parseLong(settings.text(key));
        } catch (NumberFormatException e) {
            throw new Refused(named(key) + " must be a whole number, was '" + settings.text(key) + "'");
        }
    }
}
