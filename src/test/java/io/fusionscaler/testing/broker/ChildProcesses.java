package io.fusionscaler.testing.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting, waiting for and stopping child processes: the brokers and tools of this package, the scaler processes. */
public final class ChildProcesses {

    /** How many lines of a process's output a failure message carries. */
    static final int OUTPUT_TAIL_LINES = 40;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private ChildProcesses() {
    }

    static Process start(ProcessBuilder builder, String what) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + what + ": " + builder.command(), e);
        }
    }

    /** Starts a process that reads nothing: our end of its stdin is closed at once. */
    static Process startWithoutInput(ProcessBuilder builder, String what) {
        Process process = start(builder, what);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to do
        }
        return process;
    }

    /**
     * Runs a command to its end and returns its exit code and output (stdout and stderr together).
     *
     * @throws IllegalStateException when it runs longer than {@code timeout} (it is killed then)
     */
    static KafkaBroker.ToolResult runCapturingOutput(List<String> command, Duration timeout, String what) {
        Path output = UncheckedFiles.createTempFile("kafka-tool-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Process process = startWithoutInput(builder, what);
            if (!awaitExit(process, timeout)) {
                kill(process);
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s: "
                        + UncheckedFiles.lastLines(output, OUTPUT_TAIL_LINES));
            }
            return new KafkaBroker.ToolResult(process.exitValue(), UncheckedFiles.readString(output));
        } finally {
            UncheckedFiles.deleteQuietly(output);
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited within 30 s; waits for its exit (an interrupt is kept). */
    public static void terminate(Process process) {
        process.destroy();
        if (!awaitExit(process, STOP_TIMEOUT)) {
            kill(process);
        }
    }

    /** SIGKILL, and waits for the exit. */
    static void kill(Process process) {
        process.destroyForcibly();
        awaitExit(process, STOP_TIMEOUT);
    }

    /** Waits without giving up on an interrupt (a half-stopped broker is worse), which it passes on afterwards. */
    static boolean awaitExit(Process process, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
