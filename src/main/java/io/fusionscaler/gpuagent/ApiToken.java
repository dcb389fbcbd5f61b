package io.fusionscaler.gpuagent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer token of the agent's API, from {@code fusion.gpu-agent.token-file}: re-read when the file changes (a
 * rotated Secret), compared in constant time. Fails closed: a configured but unreadable or empty file lets no one in.
 */
@ApplicationScoped
public class ApiToken {

    enum Verdict { ALLOWED, DENIED, UNAVAILABLE }

    private static final Logger LOG = Logger.getLogger(ApiToken.class);
    private static final String BEARER = "Bearer ";

    private final Optional<Path> file;
    private FileTime loadedModified;
    private byte[] token;

    @Inject
    public ApiToken(GpuAgentConfig config) {
        this(config.tokenFile());
    }

    ApiToken(Optional<Path> file) {
        this.file = file;
    }

    Verdict check(String authorization) {
        if (file.isEmpty()) {
            return Verdict.ALLOWED;
        }
        byte[] expected = current(file.get());
        if (expected == null) {
            return Verdict.UNAVAILABLE;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Verdict.DENIED;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, presented) ? Verdict.ALLOWED : Verdict.DENIED;
    }

    private synchronized byte[] current(Path path) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(loadedModified)) {
                String text = Files.readString(path, StandardCharsets.UTF_8).trim();
                token = text.isEmpty() ? null : text.getBytes(StandardCharsets.UTF_8);
                loadedModified = modified;
                if (token == null) {
                    LOG.errorf("gpu-agent token file %s is empty: the API refuses every call", path);
                }
            }
            return token;
        } catch (IOException e) {
            LOG.errorf("gpu-agent token file %s unreadable (%s): the API refuses every call", path, e.toString());
            loadedModified = null;
            token = null;
            return null;
        }
    }
}
