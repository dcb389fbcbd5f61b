package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.GpuAgentReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The agent's API for the scalers: {@code GET /gpu-agent/v1/pods}, the node's {@link GpuAgentReport} as JSON.
 * 404 in a process that is not a gpu-agent; 401 without the bearer token when one is configured; 503 before the
 * first pass (or when the configured token file cannot be read).
 */
@Path("/gpu-agent/v1")
@Produces(MediaType.APPLICATION_JSON)
public class GpuAgentResource {

    private final GpuAgent agent;
    private final ApiToken token;

    public GpuAgentResource(GpuAgent agent, ApiToken token) {
        this.agent = agent;
        this.token = token;
    }

    @GET
    @Path("/pods")
    public GpuAgentReport pods(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!agent.running()) {
            throw new NotFoundException("this process is not a gpu-agent (fusion.role)");
        }
        switch (token.check(authorization)) {
            case DENIED -> throw new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").type(MediaType.TEXT_PLAIN).entity("bearer token required").build());
            case UNAVAILABLE -> throw unavailable("the agent's token file cannot be read");
            case ALLOWED -> {
            }
        }
        return agent.report().orElseThrow(() -> unavailable("no sample yet"));
    }

    private static WebApplicationException unavailable(String why) {
        return new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, 1).type(MediaType.TEXT_PLAIN).entity(why).build());
    }
}
