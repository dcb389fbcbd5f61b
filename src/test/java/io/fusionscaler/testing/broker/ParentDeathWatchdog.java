package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A tiny shell process that holds a pipe from this JVM on its stdin. When this JVM dies in any way, the pipe
 * closes, {@code read} returns, and the watchdog stops the watched process (SIGTERM; SIGKILL after 30 s) if that pid
 * still runs the same program (its command line contains a marker), then deletes a folder it was given. A normal stop
 * kills the watchdog first, so it never involves it. The Kafka brokers and the scaler processes of the tests, the
 * benchmark and the demo are watched this way.
 */
public final class ParentDeathWatchdog {

    private static final String SCRIPT = String.join("\n",
            "read -r _",
            "if [ ! -r \"/proc/$1/cmdline\" ] || grep -qaF -- \"$3\" \"/proc/$1/cmdline\"; then",
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

    /**
     * @param commandLineMarker a text the watched process's command line contains (so that a recycled pid is left alone)
     * @param deleteAfterwards  deleted once the process is gone; {@code null} to delete nothing
     */
    public static ParentDeathWatchdog watch(long pid, String commandLineMarker, Path deleteAfterwards) {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", SCRIPT, "parent-death-watchdog",
                Long.toString(pid), deleteAfterwards == null ? "" : deleteAfterwards.toString(), commandLineMarker)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        return new ParentDeathWatchdog(ChildProcesses.start(builder, "a parent-death watchdog"));
    }

    /** Ends the watchdog, leaving the watched process alone. */
    public void stop() {
        process.destroy();
        ChildProcesses.awaitExit(process, Duration.ofSeconds(5));
    }
}
