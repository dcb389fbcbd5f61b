package io.fusionscaler.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A tiny shell process that holds a pipe from this JVM on its stdin. When this JVM dies in any way, the pipe
 * closes, {@code read} returns, and the watchdog stops the broker (SIGTERM; SIGKILL after 30 s) if that pid is
 * still a broker, then deletes the broker's temporary work directory. A normal stop kills the watchdog first,
 * so it never involves it.
 */
final class ParentDeathWatchdog {

    private static final String SCRIPT = String.join("\n",
            "read -r _",
            "if [ ! -r \"/proc/$1/cmdline\" ] || grep -qa '" + BrokerProcess.MAIN_CLASS
                    + "' \"/proc/$1/cmdline\"; then",
            "  kill -TERM \"$1\" 2>/dev/null",
            "  n=0",
            "  while kill -0 \"$1\" 2>/dev/null && [ $n -lt 30 ]; do sleep 1; n=$((n + 1)); done",
            "  if kill -0 \"$1\" 2>/dev/null; then kill -KILL \"$1\"; fi",
            "fi",
            "if [ -n \"$2\" ]; then rm -rf \"$2\"; fi");

    private final Process process;

    private ParentDeathWatchdog(Process process) {
        this.process = process;
    }

    /** @param temporaryWorkDir deleted once the broker is gone; {@code null} to keep the work directory */
    static ParentDeathWatchdog watch(long brokerPid, Path temporaryWorkDir) {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", SCRIPT, "kafka-broker-watchdog",
                Long.toString(brokerPid), temporaryWorkDir == null ? "" : temporaryWorkDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        return new ParentDeathWatchdog(ChildProcesses.start(builder, "the Kafka broker watchdog"));
    }

    void stop() {
        process.destroy();
        ChildProcesses.awaitExit(process, Duration.ofSeconds(5));
    }
}
