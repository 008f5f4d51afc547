package io.folderresolver.health;

import java.util.function.Consumer;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;

/** Routes of our own on Camel's management server (the health and metrics port), added once it has started. */
public final class ManagementRoutes {

    private ManagementRoutes() {
    }

    /** Calls {@code add} with the server's router once Camel has started it; never when camel.management.enabled is false. */
    public static void whenServing(CamelContext context, Consumer<Router> add) throws Exception {
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                ManagementHttpServer server = started.hasService(ManagementHttpServer.class);
                if (server != null && server.getRouter() != null) {
                    add.accept(server.getRouter());
                }
            }
        });
    }
}
