package io.fusionscaler.role;

import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The composition root: starts the components of the configured role, and only those. */
@ApplicationScoped
public class RoleStarter {

    private static final Logger LOG = Logger.getLogger(RoleStarter.class);

    private final Role role;
    private final List<? extends RoleComponent> components;
    private final List<RoleComponent> started = new ArrayList<>();

    public RoleStarter(RoleConfig config, @All List<RoleComponent.OfScaler> scaler, @All List<RoleComponent.OfGpuAgent> gpuAgent) {
        this.role = config.role();
        this.components = role == Role.SCALER ? scaler : gpuAgent;
    }

    public Role role() {
        return role;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        LOG.infof("fusion-scaler starts in role %s (%d components)", role, components.size());
        for (RoleComponent component : components) {
            component.start();
            started.add(component);
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        List<RoleComponent> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (RoleComponent component : reverse) {
            try {
                component.stop();
            } catch (RuntimeException e) {
                LOG.warnf("stopping %s failed: %s", component.getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
