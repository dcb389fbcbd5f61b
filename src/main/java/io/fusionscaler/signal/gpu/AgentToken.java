package io.fusionscaler.signal.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The bearer token the scaler presents to the agents, from {@code fusion.gpu.agents.token-file}: re-read when the file
 * changes (a rotated Secret). Never logged, never part of a message.
 */
final class AgentToken {

    /** The token to send, or why there is none although a file is configured. */
    sealed interface Read {
        record None() implements Read {
        }

        record Token(String value) implements Read {
        }

        record Unreadable(String reason) implements Read {
        }
    }

    private final Optional<Path> file;
    private FileTime loadedModified;
    private Read loaded = new Read.None();

    AgentToken(Optional<Path> file) {
        this.file = file;
    }

    synchronized Read current() {
        if (file.isEmpty()) {
            return new Read.None();
        }
        Path path = file.get();
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(loadedModified)) {
                String text = Files.readString(path, StandardCharsets.UTF_8).trim();
                loaded = text.isEmpty() ? new Read.Unreadable("fusion.gpu.agents.token-file " + path + " is empty") : new Read.Token(text);
                loadedModified = modified;
            }
            return loaded;
        } catch (IOException e) {
            loadedModified = null;
            loaded = new Read.None();
            return new Read.Unreadable("fusion.gpu.agents.token-file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
