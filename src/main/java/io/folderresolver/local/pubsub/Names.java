package io.folderresolver.local.pubsub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks resource names the way Pub/Sub does: {@code projects/<project>/topics|subscriptions/<id>}. */
final class Names {

    /** What a subscription's topic becomes once its topic is deleted, as in the real service. */
    static final String DELETED_TOPIC = "_deleted-topic_";

    private static final Pattern PROJECT = Pattern.compile("projects/([^/]+)");
    private static final Pattern TOPIC = Pattern.compile("(projects/[^/]+)/topics/([^/]+)");
    private static final Pattern SUBSCRIPTION = Pattern.compile("(projects/[^/]+)/subscriptions/([^/]+)");
    // 3 to 255 characters, starting with a letter; "goog" is reserved.
    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9._~+%-]{2,254}");

    private Names() {
    }

    static String project(String name) {
        if (name == null || !PROJECT.matcher(name).matches()) {
            throw Errors.invalidArgument("Invalid project name: (name=" + name + ")");
        }
        return name;
    }

    static String topic(String name) {
        return checked(name, TOPIC, "topic");
    }

    static String subscription(String name) {
        return checked(name, SUBSCRIPTION, "subscription");
    }

    /** {@code projects/p} of a valid topic or subscription name. */
    static String projectOf(String name) {
        Matcher topic = TOPIC.matcher(name);
        if (topic.matches()) {
            return topic.group(1);
        }
        Matcher subscription = SUBSCRIPTION.matcher(name);
        if (subscription.matches()) {
            return subscription.group(1);
        }
        throw new IllegalArgumentException("not a topic or subscription name: " + name);
    }

    /** The last part of a resource name: {@code s} of {@code projects/p/subscriptions/s}, {@code p} of {@code projects/p}. */
    static String idOf(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String checked(String name, Pattern pattern, String kind) {
        Matcher matcher = name == null ? null : pattern.matcher(name);
        if (matcher == null || !matcher.matches()) {
            throw Errors.invalidArgument("Invalid [" + kind + "s] name: (name=" + name + ")");
        }
        String id = matcher.group(2);
        if (!ID.matcher(id).matches() || id.startsWith("goog")) {
            throw Errors.invalidArgument("Invalid [" + kind + "s] name: (name=" + name + ")");
        }
        return name;
    }
}
