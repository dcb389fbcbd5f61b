package io.fusionscaler.simulator.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The traces that come with the simulator (src/simulator/resources/traces), and loading a user's own CSV file. */
public final class ShippedTraces {

    /** In the order the README shows them. */
    public static final List<String> NAMES = List.of("bursty", "spike", "slow-leak", "daily-ramp");

    private ShippedTraces() {
    }

    /** A shipped trace by name, or else a CSV file by path. */
    public static Trace load(String nameOrPath) throws IOException, TraceFormatException {
        if (NAMES.contains(nameOrPath)) {
            return shipped(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new TraceFormatException(nameOrPath + ": neither a shipped trace " + NAMES + " nor a readable file");
        }
        String name = path.getFileName().toString().replaceFirst("\\.csv$", "");
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return TraceCsv.read(name, reader);
        }
    }

    public static Trace shipped(String name) throws IOException, TraceFormatException {
        String resource = "/traces/" + name + ".csv";
        try (InputStream in = ShippedTraces.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("shipped trace " + resource + " is missing from the classpath");
            }
            return TraceCsv.read(name, new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }
}
