package io.folderresolver;

import java.util.List;

import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes resources the configuration opened (clients, local stand-ins) when Camel stops, in the order given. */
public final class ClosedWithCamel implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(ClosedWithCamel.class);

    private final List<AutoCloseable> resources;

    public ClosedWithCamel(AutoCloseable... resources) {
        this.resources = List.of(resources);
    }

    @Override
    public void start() {
        // Opened by the configuration already.
    }

    @Override
    public void stop() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}", resource, e);
            }
        }
    }
}
