package io.fusionscaler.ops;

import io.fusionscaler.engine.ScaledObjectTracker;
import io.fusionscaler.engine.TrackerRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Why the scaler answers what it answers: every tracker with its inputs, per-signal results and decision. */
@Path("/explain")
@Produces(MediaType.APPLICATION_JSON)
public class ExplainResource {

    private final TrackerRegistry registry;
    private final Clock clock;

    public ExplainResource(TrackerRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @GET
    public List<TrackerExplanation> all() {
        return registry.all().stream()
                .sorted(Comparator.comparing((ScaledObjectTracker t) -> t.key().namespace()).thenComparing(t -> t.key().name()))
                .map(t -> TrackerExplanation.of(t, clock.instant()))
                .collect(Collectors.toList());
    }

    @GET
    @Path("/{namespace}/{name}")
    public List<TrackerExplanation> one(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        List<TrackerExplanation> matching = all().stream()
                .filter(t -> t.namespace().equals(namespace) && t.name().equals(name))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            throw new NotFoundException("no tracker for ScaledObject " + namespace + "/" + name
                    + " (trackers are made on KEDA's first call and dropped after fusion.engine.tracker-idle-timeout)");
        }
        return matching;
    }
}
