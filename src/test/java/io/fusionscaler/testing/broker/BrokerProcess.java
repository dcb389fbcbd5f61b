package io.fusionscaler.testing.broker;

import java.util.List;

/** One run of the broker JVM, from its launch until it has exited, guarded by a {@link ParentDeathWatchdog}. */
final class BrokerProcess {

    static final String MAIN_CLASS = "kafka.Kafka";

    private static final long POLL_INTERVAL_MILLIS = 100;

    private final Process process;
    private final ParentDeathWatchdog watchdog;
    private final AppCdsArchive appCds;

    private BrokerProcess(Process process, ParentDeathWatchdog watchdog, AppCdsArchive appCds) {
        this.process = process;
        this.watchdog = watchdog;
        this.appCds = appCds;
    }

    /**
     * Launches the broker and waits until it serves requests; kills it when it does not within the startup timeout.
     *
     * @param deleteWorkDirWhenOrphaned whether the watchdog deletes the work directory when this JVM dies
     * @throws IllegalStateException when the broker did not become ready (with the last lines of its log)
     */
    static BrokerProcess startAndAwaitReady(BrokerSettings settings, BrokerWorkDir workDir, ListenerPorts ports,
                                            boolean deleteWorkDirWhenOrphaned) {
        long started = System.nanoTime();
        BrokerProcess broker = launch(settings, workDir, deleteWorkDirWhenOrphaned);
        try {
            broker.awaitReady(started + settings.startupTimeout().toNanos(), settings, workDir, ports);
        } catch (RuntimeException e) {
            broker.kill();
            throw e;
        }
        return broker;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * A controlled shutdown (SIGTERM; SIGKILL when it takes too long). A first run's class-data-sharing archive
     * is complete only once its JVM has exited, so it is published then.
     */
    void stop() {
        watchdog.stop();
        ChildProcesses.terminate(process); // the broker's shutdown hook runs a controlled shutdown
        appCds.publish();
    }

    private static BrokerProcess launch(BrokerSettings settings, BrokerWorkDir workDir,
                                        boolean deleteWorkDirWhenOrphaned) {
        AppCdsArchive appCds = AppCdsArchive.forLaunch(settings.cdsDir(), "broker", settings.libsDir());
        List<String> properties = List.of(
                "-Dkafka.logs.dir=" + workDir.logsDir(),
                "-Dlog4j2.configurationFile=" + workDir.log4j2Config());
        List<String> command = JvmCommand.of(settings.libsDir(), settings.maxHeap(), appCds, properties, MAIN_CLASS,
                List.of(workDir.serverProperties().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.logFile().toFile()));
        Process process = ChildProcesses.startWithoutInput(builder, "the Kafka broker");
        try {
            ParentDeathWatchdog watchdog = ParentDeathWatchdog.watch(process.pid(), MAIN_CLASS,
                    deleteWorkDirWhenOrphaned ? workDir.root() : null);
            return new BrokerProcess(process, watchdog, appCds);
        } catch (RuntimeException e) {
            ChildProcesses.kill(process);
            throw e;
        }
    }

    private void awaitReady(long deadlineNanos, BrokerSettings settings, BrokerWorkDir workDir, ListenerPorts ports) {
        try (ReadinessProbe probe = new ReadinessProbe(ports.plaintext())) {
            while (true) {
                if (!process.isAlive()) {
                    throw startupFailure(workDir, "its process exited with code " + process.exitValue());
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw startupFailure(workDir,
                            "it was not ready after " + settings.startupTimeout().toSeconds() + " s");
                }
                if (probe.brokerIsReady()) {
                    return;
                }
                sleep(POLL_INTERVAL_MILLIS);
            }
        }
    }

    /** After a failed start: no controlled shutdown, and no archive from a JVM that did not exit normally. */
    private void kill() {
        watchdog.stop();
        ChildProcesses.kill(process);
    }

    private static IllegalStateException startupFailure(BrokerWorkDir workDir, String reason) {
        return new IllegalStateException("The Kafka broker in " + workDir.root() + " did not start: " + reason
                + ". Last lines of " + workDir.logFile() + ":\n"
                + UncheckedFiles.lastLines(workDir.logFile(), ChildProcesses.OUTPUT_TAIL_LINES));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
