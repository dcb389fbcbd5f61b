package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs a Kafka command-line tool from the broker jars in a JVM of its own. */
final class KafkaTool {

    private static final String MAX_HEAP = "128m";

    private KafkaTool() {
    }

    /** @param cdsDir where its class-data-sharing archive is kept; {@code null} for none */
    static KafkaBroker.ToolResult run(Path libs, Path cdsDir, Duration timeout, String mainClass, List<String> args) {
        String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        AppCdsArchive cds = AppCdsArchive.forLaunch(cdsDir, simpleName, libs);
        List<String> command = JvmCommand.of(libs, MAX_HEAP, cds, List.of(), mainClass, args);
        KafkaBroker.ToolResult result = ChildProcesses.runCapturingOutput(command, timeout, mainClass);
        cds.publish();
        return result;
    }
}
