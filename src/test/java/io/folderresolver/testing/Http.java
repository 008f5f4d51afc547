package io.folderresolver.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs on loopback as a kubelet probe or a Prometheus scrape makes them: HTTP/1.1 (the JDK client's default HTTP/2
 * tries an h2c upgrade, which neither of them does), and bounded, so a server that does not answer fails its test
 * with the URL instead of holding it until the suite's timeout.
 */
public final class Http {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Http() {
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A PUT without a body (what it sets is in the URL's query). */
    public static HttpResponse<String> put(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
