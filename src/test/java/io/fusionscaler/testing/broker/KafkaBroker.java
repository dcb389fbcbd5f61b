package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) running as a separate JVM process on 127.0.0.1.
 *
 * <p>It runs from the jars of a Kafka distribution ({@code kafka_2.13}, {@code kafka-tools}, a log4j2 SLF4J
 * binding) that the build copies into {@code target/kafka-broker/libs} (see {@code src/test/kafka-broker/pom.xml}):
 * {@code java -cp "libs/*" kafka.Kafka server.properties}, with the same {@code java} as the current JVM.
 * The integration tests, the benchmark and the demo use it; nothing of the broker lands on the caller's classpath.
 *
 * <p>Always listens with PLAINTEXT; optionally also with SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
 * users) and with SSL (a self-signed CA made with the JDK's {@code keytool}; its certificate is a PEM file a
 * client can trust). All ports are free ports picked at start and kept across {@link #stop()} and
 * {@link #startAgain()}, so an outage and a recovery look like the same broker going away and coming back.
 *
 * <p>The process never outlives its creator: a JVM shutdown hook closes every broker still running, and a
 * small watchdog process stops the broker when the JVM that started it dies without running its hooks
 * (for example after {@code kill -9}).
 *
 * <p>Thread-safe: the lifecycle methods are synchronized; the accessors return immutable values.
 */
public final class KafkaBroker implements AutoCloseable {

    private final BrokerSettings settings;
    private final BrokerWorkDir workDir;
    private final boolean deletesWorkDir;
    private final ListenerPorts ports;
    /** For a handle from {@link #attach(Map)}: the broker's process, which this object does not own. */
    private final ProcessHandle attachedTo;

    private BrokerProcess process;
    private boolean closed;

    private KafkaBroker(BrokerSettings settings, BrokerWorkDir workDir, boolean deletesWorkDir, ListenerPorts ports,
                        ProcessHandle attachedTo) {
        this.settings = settings;
        this.workDir = workDir;
        this.deletesWorkDir = deletesWorkDir;
        this.ports = ports;
        this.attachedTo = attachedTo;
    }

    /**
     * Formats a new data directory, launches the broker and waits until it serves requests.
     *
     * @throws IllegalStateException when the broker does not become ready within the startup timeout (the message
     *                               carries the last lines of the broker's log)
     */
    public static KafkaBroker start(Options options) {
        BrokerSettings settings = Objects.requireNonNull(options, "options").snapshot();
        boolean ownsWorkDir = settings.workDir() == null;
        BrokerWorkDir workDir = ownsWorkDir
                ? BrokerWorkDir.createTemporary()
                : BrokerWorkDir.create(settings.workDir());
        KafkaBroker broker = new KafkaBroker(settings, workDir, ownsWorkDir || settings.deleteWorkDirOnClose(),
                ListenerPorts.allocate(settings), null);
        try {
            workDir.prepare(settings, broker.ports);
            synchronized (broker) {
                broker.launch();
            }
        } catch (RuntimeException e) {
            broker.deleteWorkDirAfterFailure(e);
            throw e;
        }
        LiveBrokers.add(broker);
        return broker;
    }

    /**
     * Stops the broker with a controlled shutdown (SIGTERM) and waits until its process has exited.
     * The data directory stays, so {@link #startAgain()} brings the same broker back. Does nothing if stopped.
     */
    public synchronized void stop() {
        ensureOwned("stop");
        if (process == null) {
            return;
        }
        process.stop();
        process = null;
    }

    /**
     * Starts the broker again after {@link #stop()}, on the same ports and with the same data: topics, records and
     * committed offsets are still there. Does nothing if it is running.
     */
    public synchronized void startAgain() {
        ensureOwned("startAgain");
        if (closed) {
            throw new IllegalStateException("this Kafka broker was closed");
        }
        if (process != null && process.isAlive()) {
            return;
        }
        stop();
        launch();
    }

    /**
     * Stops the broker and deletes its work directory (unless the caller chose to keep it). Idempotent.
     * Does nothing on a handle from {@link #attach(Map)}.
     */
    @Override
    public synchronized void close() {
        if (closed || attachedTo != null) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            LiveBrokers.remove(this);
            if (deletesWorkDir) {
                UncheckedFiles.deleteRecursively(workDir.root());
            }
        }
    }

    /** Whether the broker process is running (it may still be starting or already shutting down). */
    public synchronized boolean isRunning() {
        if (attachedTo != null) {
            return attachedTo.isAlive();
        }
        return process != null && process.isAlive();
    }

    /** The process id of the running broker JVM. */
    public synchronized long pid() {
        if (attachedTo != null) {
            return attachedTo.pid();
        }
        if (process == null) {
            throw new IllegalStateException("the Kafka broker is not running");
        }
        return process.pid();
    }

    /**
     * This broker as plain strings, so that another class loader of this JVM (a Quarkus test application, say)
     * can reach it through {@link #attach(Map)}. Only valid while the broker runs.
     */
    public Map<String, String> describe() {
        return new BrokerDescription(settings.libsDir(), workDir.root(), pid(), ports).toMap();
    }

    /**
     * A handle on a running broker that another part of this JVM started and owns, from its {@link #describe()}.
     * It reaches the same broker (addresses, CA certificate, log, jars) but cannot change it: {@link #stop()} and
     * {@link #startAgain()} throw {@link UnsupportedOperationException}, and {@link #close()} does nothing.
     */
    public static KafkaBroker attach(Map<String, String> description) {
        BrokerDescription broker = BrokerDescription.parse(description);
        ProcessHandle process = ProcessHandle.of(broker.pid())
                .orElseThrow(() -> new IllegalStateException("no Kafka broker process " + broker.pid()));
        return new KafkaBroker(BrokerSettings.ofHandle(broker.libsDir()), new BrokerWorkDir(broker.workDir()), false,
                broker.ports(), process);
    }

    /** The PLAINTEXT listener, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return ListenerPorts.address(ports.plaintext());
    }

    /** The SASL_PLAINTEXT listener, {@code 127.0.0.1:port}; only when SASL users were configured. */
    public String saslBootstrapServers() {
        if (ports.sasl() == 0) {
            throw new IllegalStateException("this broker has no SASL listener: add a SASL user to its Options");
        }
        return ListenerPorts.address(ports.sasl());
    }

    /** The SSL listener, {@code 127.0.0.1:port}; only when SSL was enabled. */
    public String sslBootstrapServers() {
        return ListenerPorts.address(requireSsl());
    }

    /**
     * The PEM file of the CA that signed the broker's certificate (subject alternative names 127.0.0.1 and
     * localhost). A client trusts it with {@code ssl.truststore.type=PEM} and {@code ssl.truststore.location}.
     */
    public Path caCertificatePem() {
        requireSsl();
        return workDir.caCertificatePem();
    }

    public Path workDir() {
        return workDir.root();
    }

    /** The broker's own log (stdout and stderr of its process). */
    public Path logFile() {
        return workDir.logFile();
    }

    public Path libsDir() {
        return settings.libsDir();
    }

    /** The last lines of the broker's log, for diagnostics. */
    public String logTail(int maxLines) {
        return UncheckedFiles.lastLines(workDir.logFile(), maxLines);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir.root() + "]";
    }

    /** What a Kafka command-line tool printed (stdout and stderr together) and its exit code. */
    public record ToolResult(int exitCode, String output) {
    }

    /**
     * Runs one of Kafka's command-line tools (for example
     * {@code org.apache.kafka.tools.consumer.group.ConsumerGroupCommand}) from the broker jars in a JVM of its own
     * and waits for it to finish.
     *
     * @throws IllegalStateException when it runs longer than {@code timeout} (it is killed then)
     */
    public static ToolResult runTool(Path libsDir, Duration timeout, String mainClass, List<String> args) {
        Path libs = KafkaLibs.verify(libsDir);
        return KafkaTool.run(libs, AppCdsArchive.defaultDir(libs), timeout, mainClass, args);
    }

    private void launch() {
        process = BrokerProcess.startAndAwaitReady(settings, workDir, ports, deletesWorkDir);
    }

    private int requireSsl() {
        if (ports.ssl() == 0) {
            throw new IllegalStateException("this broker has no SSL listener: enable it with Options.ssl(true)");
        }
        return ports.ssl();
    }

    private void ensureOwned(String operation) {
        if (attachedTo != null) {
            throw new UnsupportedOperationException(operation + " on a handle from KafkaBroker.attach: only the code"
                    + " that started this broker may change it; start a broker of your own to test an outage");
        }
    }

    private void deleteWorkDirAfterFailure(RuntimeException failure) {
        if (!deletesWorkDir) {
            return;
        }
        try {
            UncheckedFiles.deleteRecursively(workDir.root());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** What to start. Mutable and not thread-safe; {@link KafkaBroker#start(Options)} takes a snapshot. */
    public static final class Options {

        private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
        private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._~!@#%^&*+/-]{1,128}");
        private static final Pattern HEAP = Pattern.compile("[0-9]+[kKmMgG]?");
        private static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9._-]+");

        private final Path libsDir;
        private Path workDir;
        private boolean deleteWorkDirOnClose;
        private String maxHeap = "256m";
        private Duration startupTimeout = Duration.ofSeconds(60);
        private boolean ssl;
        private Path cdsDir;
        private boolean cdsDirSet;
        private final Map<String, String> plainUsers = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> scramUsers = new LinkedHashMap<>();
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        /** @param libsDir the folder with the broker jars ({@code target/kafka-broker/libs} in this build) */
        public Options(Path libsDir) {
            this.libsDir = Objects.requireNonNull(libsDir, "libsDir").toAbsolutePath().normalize();
        }

        /**
         * The folder for configuration, data and logs. Default: a new temporary folder, deleted on close.
         * A folder given here is kept on close unless {@link #deleteWorkDirOnClose(boolean)} says otherwise.
         */
        public Options workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
            return this;
        }

        public Options deleteWorkDirOnClose(boolean delete) {
            this.deleteWorkDirOnClose = delete;
            return this;
        }

        /** The broker's maximum heap as for {@code -Xmx}, e.g. {@code 256m} (the default). */
        public Options maxHeap(String maxHeap) {
            this.maxHeap = require(HEAP, maxHeap, "maxHeap");
            return this;
        }

        /** How long {@code start} and {@code startAgain} wait for the broker (default 60 s). */
        public Options startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** Adds an SSL listener with a certificate signed by a CA generated for this broker. */
        public Options ssl(boolean enabled) {
            this.ssl = enabled;
            return this;
        }

        /** Adds a SASL/PLAIN user; any SASL user turns on the SASL_PLAINTEXT listener. */
        public Options plainUser(String user, String password) {
            plainUsers.put(require(USER, user, "user"), require(PASSWORD, password, "password"));
            return this;
        }

        /** Adds a SCRAM-SHA-256 user (created when the data directory is formatted). */
        public Options scramSha256User(String user, String password) {
            return scramUser("SCRAM-SHA-256", user, password);
        }

        /** Adds a SCRAM-SHA-512 user (created when the data directory is formatted). */
        public Options scramSha512User(String user, String password) {
            return scramUser("SCRAM-SHA-512", user, password);
        }

        /** Sets or overrides one line of {@code server.properties}. */
        public Options brokerProperty(String key, String value) {
            brokerProperties.put(require(PROPERTY_KEY, key, "property key"), Objects.requireNonNull(value, key));
            return this;
        }

        /**
         * Where the JVMs keep their class-data-sharing archives (faster starts after the first); {@code null}
         * turns that off. Default: {@code cds} next to the libs folder, when that is writable.
         */
        public Options cdsDir(Path cdsDir) {
            this.cdsDir = cdsDir == null ? null : cdsDir.toAbsolutePath().normalize();
            this.cdsDirSet = true;
            return this;
        }

        private Options scramUser(String mechanism, String user, String password) {
            scramUsers.computeIfAbsent(mechanism, m -> new LinkedHashMap<>())
                    .put(require(USER, user, "user"), require(PASSWORD, password, "password"));
            return this;
        }

        private static String require(Pattern pattern, String value, String what) {
            if (value == null || !pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " must match " + pattern.pattern());
            }
            return value;
        }

        private BrokerSettings snapshot() {
            Path libs = KafkaLibs.verify(libsDir);
            Map<String, Map<String, String>> scram = new LinkedHashMap<>();
            scramUsers.forEach((mechanism, users) -> scram.put(mechanism, Map.copyOf(users)));
            return new BrokerSettings(libs, workDir, deleteWorkDirOnClose, maxHeap, startupTimeout, ssl,
                    cdsDirSet ? cdsDir : AppCdsArchive.defaultDir(libs),
                    new SaslUsers(Map.copyOf(plainUsers), Map.copyOf(scram)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties)));
        }
    }
}
