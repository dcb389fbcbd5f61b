package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for JVMs that run from the broker jars, with the flags that make them start fast. */
final class JvmCommand {

    private JvmCommand() {
    }

    /** @param properties {@code -D} options */
    static List<String> of(Path libs, String maxHeap, AppCdsArchive cds, List<String> properties, String mainClass,
                           List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx" + maxHeap);
        // With two cores, C2 compiler threads and a concurrent GC compete with start-up.
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(cds.flags());
        command.add("-Xlog:cds=off,cds+dynamic=off"); // archive mismatches and dump notes are not news
        command.add("-Djava.awt.headless=true");
        command.addAll(properties);
        command.add("-cp");
        command.add(libs.resolve("*").toString()); // expanded by the java launcher, not by a shell
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** The same {@code java} as this JVM's. */
    private static String java() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> javaHome().resolve("bin").resolve("java").toString());
    }
}
