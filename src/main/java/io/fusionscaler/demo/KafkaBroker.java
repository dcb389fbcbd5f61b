package io.fusionscaler.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) running as a separate JVM process on 127.0.0.1.
 *
 * <p>It runs from the jars of a Kafka distribution ({@code kafka_2.13}, {@code kafka-tools}, a log4j2 SLF4J
 * binding) that the build copies into {@code target/kafka-broker/libs} (see {@code tools/kafka-broker/pom.xml}):
 * {@code java -cp "libs/*" kafka.Kafka server.properties}, with the same {@code java} as the current JVM.
 * The test suite and the demo mode use it; nothing of the broker lands on the caller's classpath.
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

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READINESS_CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final long POLL_INTERVAL_MILLIS = 100;
    private static final int LOG_TAIL_LINES = 40;

    private static final Set<KafkaBroker> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean SHUTDOWN_HOOK_INSTALLED = new AtomicBoolean();

    private final Settings settings;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final Ports ports;
    private final Path serverProperties;
    private final Path logFile;
    private final Path caCertificatePem;
    /** For a handle from {@link #attach(Map)}: the broker's process, which this object does not own. */
    private final ProcessHandle attachedTo;

    private Process process;
    private Process watchdog;
    private AppCds appCds;
    private boolean closed;

    private KafkaBroker(Settings settings, Path workDir, boolean ownsWorkDir, Ports ports, ProcessHandle attachedTo) {
        this.settings = settings;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.ports = ports;
        this.serverProperties = workDir.resolve("server.properties");
        this.logFile = workDir.resolve("logs").resolve("broker.log");
        this.caCertificatePem = settings.ssl ? workDir.resolve("ssl").resolve("ca.pem") : null;
        this.attachedTo = attachedTo;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /**
     * Formats a new data directory, launches the broker and waits until it serves requests.
     *
     * @throws IllegalStateException when the broker does not become ready within the startup timeout (the message
     *                               carries the last lines of the broker's log)
     */
    public static KafkaBroker start(Options options) {
        Settings settings = Objects.requireNonNull(options, "options").snapshot();
        boolean ownsWorkDir = settings.workDir == null;
        Path workDir = ownsWorkDir ? createTempDirectory() : createDirectories(settings.workDir);
        KafkaBroker broker = new KafkaBroker(settings, workDir, ownsWorkDir, Ports.allocate(settings), null);
        try {
            broker.prepare();
            synchronized (broker) {
                broker.launchAndAwaitReady();
            }
        } catch (RuntimeException e) {
            broker.closeAfterFailure(e);
            throw e;
        }
        register(broker);
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
        stopWatchdog();
        terminate(process);
        process = null;
        if (appCds != null) {
            appCds.publish();
            appCds = null;
        }
    }

    /**
     * Starts the broker again after {@link #stop()}, on the same ports and with the same data: topics, records and
     * committed offsets are still there. Does nothing if it is running.
     */
    public synchronized void startAgain() {
        ensureOwned("startAgain");
        ensureNotClosed();
        if (process != null && process.isAlive()) {
            return;
        }
        stop();
        launchAndAwaitReady();
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
            LIVE.remove(this);
            if (ownsWorkDir || settings.deleteWorkDirOnClose) {
                deleteRecursively(workDir);
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

    // ------------------------------------------------------------------------------------------ sharing

    /**
     * This broker as plain strings, so that another class loader of this JVM (a Quarkus test application, say)
     * can reach it through {@link #attach(Map)}. Only valid while the broker runs.
     */
    public Map<String, String> describe() {
        Map<String, String> description = new LinkedHashMap<>();
        description.put(Description.LIBS_DIR, settings.libsDir.toString());
        description.put(Description.WORK_DIR, workDir.toString());
        description.put(Description.PID, Long.toString(pid()));
        description.put(Description.PLAINTEXT_PORT, Integer.toString(ports.plaintext));
        description.put(Description.CONTROLLER_PORT, Integer.toString(ports.controller));
        description.put(Description.SASL_PORT, Integer.toString(ports.sasl));
        description.put(Description.SSL_PORT, Integer.toString(ports.ssl));
        return Collections.unmodifiableMap(description);
    }

    /**
     * A handle on a running broker that another part of this JVM started and owns, from its {@link #describe()}.
     * It reaches the same broker (addresses, CA certificate, log, jars) but cannot change it: {@link #stop()} and
     * {@link #startAgain()} throw {@link UnsupportedOperationException}, and {@link #close()} does nothing.
     */
    public static KafkaBroker attach(Map<String, String> description) {
        Path libs = Path.of(Description.require(description, Description.LIBS_DIR));
        Path workDir = Path.of(Description.require(description, Description.WORK_DIR));
        long pid = Long.parseLong(Description.require(description, Description.PID));
        Ports ports = new Ports(Description.port(description, Description.PLAINTEXT_PORT),
                Description.port(description, Description.CONTROLLER_PORT),
                Description.port(description, Description.SASL_PORT),
                Description.port(description, Description.SSL_PORT));
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no Kafka broker process " + pid));
        Settings settings = new Settings(libs, workDir, false, "", Duration.ofSeconds(60), ports.ssl != 0, null,
                Map.of(), Map.of(), Map.of());
        return new KafkaBroker(settings, workDir, false, ports, process);
    }

    /** The keys of {@link #describe()}. */
    private static final class Description {
        static final String LIBS_DIR = "libs-dir";
        static final String WORK_DIR = "work-dir";
        static final String PID = "pid";
        static final String PLAINTEXT_PORT = "plaintext-port";
        static final String CONTROLLER_PORT = "controller-port";
        static final String SASL_PORT = "sasl-port";
        static final String SSL_PORT = "ssl-port";

        static String require(Map<String, String> description, String key) {
            String value = description.get(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("not a Kafka broker description, no " + key + ": " + description);
            }
            return value;
        }

        static int port(Map<String, String> description, String key) {
            return Integer.parseInt(require(description, key));
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    /** The PLAINTEXT listener, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + ports.plaintext;
    }

    /** The SASL_PLAINTEXT listener, {@code 127.0.0.1:port}; only when SASL users were configured. */
    public String saslBootstrapServers() {
        if (ports.sasl == 0) {
            throw new IllegalStateException("this broker has no SASL listener: add a SASL user to its Options");
        }
        return LOOPBACK + ":" + ports.sasl;
    }

    /** The SSL listener, {@code 127.0.0.1:port}; only when SSL was enabled. */
    public String sslBootstrapServers() {
        if (ports.ssl == 0) {
            throw new IllegalStateException("this broker has no SSL listener: enable it with Options.ssl(true)");
        }
        return LOOPBACK + ":" + ports.ssl;
    }

    /**
     * The PEM file of the CA that signed the broker's certificate (subject alternative names 127.0.0.1 and
     * localhost). A client trusts it with {@code ssl.truststore.type=PEM} and {@code ssl.truststore.location}.
     */
    public Path caCertificatePem() {
        if (caCertificatePem == null) {
            throw new IllegalStateException("this broker has no SSL listener: enable it with Options.ssl(true)");
        }
        return caCertificatePem;
    }

    public Path workDir() {
        return workDir;
    }

    /** The broker's own log (stdout and stderr of its process). */
    public Path logFile() {
        return logFile;
    }

    public Path libsDir() {
        return settings.libsDir;
    }

    /** The last lines of the broker's log, for diagnostics. */
    public String logTail(int maxLines) {
        return tail(logFile, maxLines);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir + "]";
    }

    // ------------------------------------------------------------------------------------------ CLI tools

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
        Path libs = checkLibs(libsDir);
        return runTool(libs, defaultCdsDir(libs), timeout, mainClass, args);
    }

    private static ToolResult runTool(Path libs, Path cdsDir, Duration timeout, String mainClass, List<String> args) {
        Path output = createTempFile("kafka-tool-", ".out");
        try {
            AppCds cds = AppCds.forLaunch(cdsDir, simpleName(mainClass), libs);
            List<String> command = Jvm.command(libs, "128m", cds, List.of(), mainClass, args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            int exitCode = runToCompletion(builder, timeout, mainClass, output);
            cds.publish();
            return new ToolResult(exitCode, readString(output));
        } finally {
            deleteQuietly(output);
        }
    }

    // ------------------------------------------------------------------------------------------ start-up

    private void prepare() {
        createDirectories(logFile.getParent());
        Map<String, String> sslProperties = settings.ssl ? SslMaterial.generate(workDir.resolve("ssl")) : Map.of();
        writeProperties(serverProperties, ServerConfig.of(settings, ports, workDir, sslProperties));
        writeString(workDir.resolve("log4j2.properties"), LOG4J2_CONFIG);
        format();
    }

    private void format() {
        List<String> args = new ArrayList<>(List.of("format", "-t", newClusterId(), "-c", serverProperties.toString()));
        settings.scramUsers.forEach((mechanism, users) -> users.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(mechanism + "=[name=" + user + ",password=" + password + "]");
        }));
        ToolResult result = runTool(settings.libsDir, settings.cdsDir, FORMAT_TIMEOUT, STORAGE_TOOL, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("formatting the Kafka data directory failed (exit code "
                    + result.exitCode() + "): " + result.output().strip());
        }
    }

    private void launchAndAwaitReady() {
        long started = System.nanoTime();
        launch();
        try {
            awaitReady(started);
        } catch (RuntimeException e) {
            stopAfterFailedStart();
            throw e;
        }
    }

    private void launch() {
        appCds = AppCds.forLaunch(settings.cdsDir, "broker", settings.libsDir);
        List<String> properties = List.of(
                "-Dkafka.logs.dir=" + logFile.getParent(),
                "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.properties"));
        List<String> command = Jvm.command(settings.libsDir, settings.maxHeap, appCds, properties, MAIN_CLASS,
                List.of(serverProperties.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = startProcess(builder, "the Kafka broker");
        closeStdin(process);
        watchdog = Watchdog.start(process.pid(), ownsWorkDir || settings.deleteWorkDirOnClose ? workDir : null);
    }

    private void awaitReady(long startedNanos) {
        long deadline = startedNanos + settings.startupTimeout.toNanos();
        Admin admin = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw startupFailure("its process exited with code " + process.exitValue());
                }
                if (System.nanoTime() - deadline > 0) {
                    throw startupFailure("it was not ready after " + settings.startupTimeout.toSeconds() + " s");
                }
                if (admin == null && acceptsConnections(ports.plaintext)) {
                    admin = createAdmin(readinessClientConfig());
                }
                if (admin != null && hasLiveBroker(admin)) {
                    return;
                }
                sleep(POLL_INTERVAL_MILLIS);
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
        }
    }

    private Map<String, Object> readinessClientConfig() {
        int timeoutMs = (int) READINESS_CALL_TIMEOUT.toMillis();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-broker-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return config;
    }

    /**
     * Kafka clients load their plug-ins (metrics reporters, serializers...) through the thread's context class
     * loader; when that is another loader than this class's (a Quarkus test application calling into the system
     * class loader's copy), the plug-ins would not fit. So the Admin client is made with this class's loader.
     */
    private static Admin createAdmin(Map<String, Object> config) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaBroker.class.getClassLoader());
        try {
            return Admin.create(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static boolean hasLiveBroker(Admin admin) {
        DescribeClusterOptions options = new DescribeClusterOptions()
                .timeoutMs((int) READINESS_CALL_TIMEOUT.toMillis());
        try {
            return !admin.describeCluster(options).nodes()
                    .get(READINESS_CALL_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private IllegalStateException startupFailure(String reason) {
        return new IllegalStateException("The Kafka broker in " + workDir + " did not start: " + reason
                + ". Last lines of " + logFile + ":\n" + tail(logFile, LOG_TAIL_LINES));
    }

    private void stopAfterFailedStart() {
        stopWatchdog();
        if (process != null) {
            process.destroyForcibly();
            awaitExit(process, STOP_TIMEOUT);
            process = null;
        }
        appCds = null;
    }

    private void closeAfterFailure(RuntimeException failure) {
        try {
            synchronized (this) {
                stopAfterFailedStart();
                closed = true;
            }
            if (ownsWorkDir || settings.deleteWorkDirOnClose) {
                deleteRecursively(workDir);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    // ------------------------------------------------------------------------------------------ stopping

    private void stopWatchdog() {
        if (watchdog != null) {
            watchdog.destroy();
            awaitExit(watchdog, Duration.ofSeconds(5));
            watchdog = null;
        }
    }

    private static void terminate(Process process) {
        process.destroy(); // SIGTERM: the broker's shutdown hook runs a controlled shutdown
        if (!awaitExit(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            awaitExit(process, STOP_TIMEOUT);
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // finish stopping first: a half-stopped broker is worse
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void ensureOwned(String operation) {
        if (attachedTo != null) {
            throw new UnsupportedOperationException(operation + " on a handle from KafkaBroker.attach: only the code"
                    + " that started this broker may change it; start a broker of your own to test an outage");
        }
    }

    private void ensureNotClosed() {
        if (closed) {
            throw new IllegalStateException("this Kafka broker was closed");
        }
    }

    private static void register(KafkaBroker broker) {
        LIVE.add(broker);
        if (SHUTDOWN_HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::closeAllLive, "kafka-broker-shutdown"));
        }
    }

    private static void closeAllLive() {
        for (KafkaBroker broker : List.copyOf(LIVE)) {
            try {
                broker.close();
            } catch (RuntimeException | LinkageError e) {
                // e.g. a Quarkus class loader already closed; the watchdog stops the broker when this JVM is gone
                System.err.println("Could not stop " + broker + ": " + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ options

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

        private Settings snapshot() {
            Path libs = checkLibs(libsDir);
            Map<String, Map<String, String>> scram = new LinkedHashMap<>();
            scramUsers.forEach((mechanism, users) -> scram.put(mechanism, Map.copyOf(users)));
            return new Settings(libs, workDir, deleteWorkDirOnClose, maxHeap, startupTimeout, ssl,
                    cdsDirSet ? cdsDir : defaultCdsDir(libs), Map.copyOf(plainUsers), Map.copyOf(scram),
                    Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties)));
        }
    }

    /** An immutable copy of the {@link Options} a broker was started with. */
    private record Settings(Path libsDir, Path workDir, boolean deleteWorkDirOnClose, String maxHeap,
                            Duration startupTimeout, boolean ssl, Path cdsDir, Map<String, String> plainUsers,
                            Map<String, Map<String, String>> scramUsers, Map<String, String> brokerProperties) {

        boolean sasl() {
            return !plainUsers.isEmpty() || !scramUsers.isEmpty();
        }
    }

    /** The listener ports; 0 for a listener that is off. Picked once, kept across restarts. */
    private record Ports(int plaintext, int controller, int sasl, int ssl) {

        static Ports allocate(Settings settings) {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                int plaintext = freePort(sockets);
                int controller = freePort(sockets);
                int sasl = settings.sasl() ? freePort(sockets) : 0;
                int ssl = settings.ssl() ? freePort(sockets) : 0;
                return new Ports(plaintext, controller, sasl, ssl);
            } finally {
                sockets.forEach(KafkaBroker::closeQuietly);
            }
        }

        /** Keeps each socket open until all ports are picked, so that no port is picked twice. */
        private static int freePort(List<ServerSocket> sockets) {
            try {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                sockets.add(socket);
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on " + LOOPBACK, e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ configuration

    /** Builds {@code server.properties}: one node, broker and controller, static quorum, loopback only. */
    private static final class ServerConfig {

        private static final String SASL_LISTENER = "SASL_PLAINTEXT";
        private static final String SASL_PREFIX = "listener.name.sasl_plaintext.";

        static Map<String, String> of(Settings settings, Ports ports, Path workDir, Map<String, String> ssl) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            p.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + ports.controller());
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            listeners(p, ports);
            p.put("log.dirs", workDir.resolve("data").toString());
            singleNodeDefaults(p);
            if (settings.sasl()) {
                sasl(p, settings.plainUsers());
            }
            p.putAll(ssl);
            p.putAll(settings.brokerProperties());
            return p;
        }

        private static void listeners(Map<String, String> p, Ports ports) {
            List<String> listeners = new ArrayList<>();
            List<String> protocols = new ArrayList<>(List.of("CONTROLLER:PLAINTEXT", "PLAINTEXT:PLAINTEXT"));
            listeners.add("PLAINTEXT://" + LOOPBACK + ":" + ports.plaintext());
            if (ports.sasl() != 0) {
                listeners.add(SASL_LISTENER + "://" + LOOPBACK + ":" + ports.sasl());
                protocols.add(SASL_LISTENER + ":" + SASL_LISTENER);
            }
            if (ports.ssl() != 0) {
                listeners.add("SSL://" + LOOPBACK + ":" + ports.ssl());
                protocols.add("SSL:SSL");
            }
            String advertised = String.join(",", listeners);
            p.put("listeners", advertised + ",CONTROLLER://" + LOOPBACK + ":" + ports.controller());
            p.put("advertised.listeners", advertised);
            p.put("listener.security.protocol.map", String.join(",", protocols));
        }

        private static void singleNodeDefaults(Map<String, String> p) {
            p.put("num.partitions", "1");
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("share.coordinator.state.topic.num.partitions", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            // The default 128 MiB dedupe buffer alone would need a much larger heap.
            p.put("log.cleaner.dedupe.buffer.size", "2097152");
        }

        private static void sasl(Map<String, String> p, Map<String, String> plainUsers) {
            p.put(SASL_PREFIX + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
            StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            plainUsers.forEach((user, password) ->
                    plain.append(" user_").append(user).append("=\"").append(password).append('"'));
            p.put(SASL_PREFIX + "plain.sasl.jaas.config", plain.append(';').toString());
            String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
            p.put(SASL_PREFIX + "scram-sha-256.sasl.jaas.config", scram);
            p.put(SASL_PREFIX + "scram-sha-512.sasl.jaas.config", scram);
        }
    }

    private static final String LOG4J2_CONFIG = String.join("\n",
            "status = warn",
            "shutdownHook = disable", // else log4j stops while the broker still logs its shutdown
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = warn",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = warn",
            "");

    /** A CA and a broker key pair made with the JDK's keytool, in PKCS12 files under the work directory. */
    private static final class SslMaterial {

        static Map<String, String> generate(Path dir) {
            createDirectories(dir);
            String password = randomToken();
            Path ca = dir.resolve("ca.p12");
            Path keystore = dir.resolve("broker.p12");
            Path request = dir.resolve("broker.csr");
            Path certificate = dir.resolve("broker.crt");
            Path caPem = dir.resolve("ca.pem");
            keytool("-genkeypair", "-alias", "ca", "-dname", "CN=fusion-scaler test CA", "-ext", "bc:c",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                    "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString(),
                    "-keystore", ca.toString(), "-storepass", password);
            keytool("-genkeypair", "-alias", "broker", "-dname", "CN=" + LOOPBACK,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-certreq", "-alias", "broker", "-file", request.toString(),
                    "-keystore", keystore.toString(), "-storepass", password);
            keytool("-gencert", "-rfc", "-alias", "ca", "-infile", request.toString(), "-outfile", certificate.toString(),
                    "-ext", "SAN=IP:" + LOOPBACK + ",DNS:localhost", "-ext", "EKU=serverAuth", "-validity", "3650",
                    "-keystore", ca.toString(), "-storepass", password);
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                    "-keystore", keystore.toString(), "-storepass", password);
            keytool("-importcert", "-alias", "broker", "-file", certificate.toString(),
                    "-keystore", keystore.toString(), "-storepass", password);
            Map<String, String> p = new LinkedHashMap<>();
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", keystore.toString());
            p.put("ssl.keystore.password", password);
            p.put("ssl.key.password", password);
            p.put("ssl.client.auth", "none");
            return p;
        }

        private static void keytool(String... args) {
            List<String> command = new ArrayList<>();
            command.add(Jvm.javaHome().resolve("bin").resolve("keytool").toString());
            command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
            command.addAll(List.of(args));
            Path output = createTempFile("keytool-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                int exitCode = runToCompletion(builder, KEYTOOL_TIMEOUT, "keytool", output);
                if (exitCode != 0) {
                    throw new IllegalStateException("keytool " + args[0] + " failed (exit code " + exitCode + "): "
                            + readString(output).strip());
                }
            } finally {
                deleteQuietly(output);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ processes

    /** Command lines for JVMs that run from the broker jars, with the flags that make them start fast. */
    private static final class Jvm {

        static List<String> command(Path libs, String maxHeap, AppCds cds, List<String> properties,
                                    String mainClass, List<String> args) {
            List<String> command = new ArrayList<>();
            command.add(javaCommand());
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

        static String javaCommand() {
            return ProcessHandle.current().info().command()
                    .orElseGet(() -> javaHome().resolve("bin").resolve("java").toString());
        }

        static Path javaHome() {
            return Path.of(System.getProperty("java.home"));
        }
    }

    /**
     * A dynamic class-data-sharing archive per kind of JVM (broker, each tool), made by its first run and used
     * by the later ones. The first run dumps into a private file that is renamed into place only after the JVM
     * has exited, so that concurrent runs never see a half-written archive. An archive that does not match the
     * JVM or the jars is ignored by the JVM ({@code -Xshare:auto}).
     */
    private static final class AppCds {

        private static final AppCds NONE = new AppCds(null, null);

        private final Path archive;
        private final Path pending;

        private AppCds(Path archive, Path pending) {
            this.archive = archive;
            this.pending = pending;
        }

        static AppCds forLaunch(Path cdsDir, String name, Path libs) {
            if (cdsDir == null || Runtime.version().feature() < 13) {
                return NONE;
            }
            try {
                Files.createDirectories(cdsDir);
                Path archive = cdsDir.resolve(name + "-" + fingerprint(libs) + ".jsa");
                if (Files.isRegularFile(archive)) {
                    return new AppCds(archive, null);
                }
                deleteAbandonedDumps(cdsDir);
                return new AppCds(archive, cdsDir.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".tmp"));
            } catch (IOException | UncheckedIOException e) {
                return NONE; // only slower
            }
        }

        List<String> flags() {
            if (archive == null) {
                return List.of();
            }
            return pending == null
                    ? List.of("-XX:SharedArchiveFile=" + archive)
                    : List.of("-XX:ArchiveClassesAtExit=" + pending);
        }

        /** Removes dumps of JVMs that were killed before they could be published (dumps take seconds, not hours). */
        private static void deleteAbandonedDumps(Path cdsDir) throws IOException {
            FileTime cutoff = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
            try (Stream<Path> files = Files.list(cdsDir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                        .filter(f -> lastModified(f).compareTo(cutoff) < 0)
                        .forEach(KafkaBroker::deleteQuietly);
            }
        }

        private static FileTime lastModified(Path file) {
            try {
                return Files.getLastModifiedTime(file);
            } catch (IOException e) {
                return FileTime.from(Instant.now());
            }
        }

        /** Moves a freshly dumped archive into place, once its JVM has exited. */
        void publish() {
            if (pending == null) {
                return;
            }
            try {
                if (Files.isRegularFile(pending) && Files.size(pending) > 0 && !Files.exists(archive)) {
                    moveAtomically(pending, archive);
                }
            } catch (IOException e) {
                // another JVM published first, or the folder went away: the archive is only an optimization
            } finally {
                deleteQuietly(pending);
            }
        }

        private static void moveAtomically(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                // leave it: a non-atomic move could expose a partial file
            }
        }

        /** Identifies the JVM and the jars; any change makes a new archive. */
        private static String fingerprint(Path libs) throws IOException {
            StringBuilder key = new StringBuilder()
                    .append(System.getProperty("java.home")).append('\n')
                    .append(System.getProperty("java.vm.version")).append('\n')
                    .append(libs).append('\n');
            try (Stream<Path> jars = Files.list(libs)) {
                for (Path jar : jars.sorted().collect(Collectors.toList())) {
                    key.append(jar.getFileName()).append(' ').append(Files.size(jar)).append('\n');
                }
            }
            return sha256(key.toString()).substring(0, 16);
        }
    }

    /**
     * A tiny shell process that holds a pipe from this JVM on its stdin. When this JVM dies in any way, the pipe
     * closes, {@code read} returns, and the watchdog stops the broker (SIGTERM; SIGKILL after 30 s) if that pid is
     * still a broker, then deletes the broker's temporary work directory. {@link #stop()} kills the watchdog
     * first, so a normal stop never involves it.
     */
    private static final class Watchdog {

        private static final String SCRIPT = String.join("\n",
                "read -r _",
                "if [ ! -r \"/proc/$1/cmdline\" ] || grep -qa '" + MAIN_CLASS + "' \"/proc/$1/cmdline\"; then",
                "  kill -TERM \"$1\" 2>/dev/null",
                "  n=0",
                "  while kill -0 \"$1\" 2>/dev/null && [ $n -lt 30 ]; do sleep 1; n=$((n + 1)); done",
                "  if kill -0 \"$1\" 2>/dev/null; then kill -KILL \"$1\"; fi",
                "fi",
                "if [ -n \"$2\" ]; then rm -rf \"$2\"; fi");

        /** @param temporaryWorkDir deleted once the broker is gone; {@code null} to keep the work directory */
        static Process start(long brokerPid, Path temporaryWorkDir) {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", SCRIPT, "kafka-broker-watchdog",
                    Long.toString(brokerPid), temporaryWorkDir == null ? "" : temporaryWorkDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            return startProcess(builder, "the Kafka broker watchdog");
        }
    }

    private static Process startProcess(ProcessBuilder builder, String what) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + what + ": " + builder.command(), e);
        }
    }

    private static int runToCompletion(ProcessBuilder builder, Duration timeout, String what, Path output) {
        Process process = startProcess(builder, what);
        closeStdin(process);
        if (!awaitExit(process, timeout)) {
            process.destroyForcibly();
            awaitExit(process, STOP_TIMEOUT);
            throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s: "
                    + tail(output, LOG_TAIL_LINES));
        }
        return process.exitValue();
    }

    /** Closes our end of the process's stdin: none of the JVMs we start reads it. */
    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    // ------------------------------------------------------------------------------------------ small helpers

    private static Path checkLibs(Path libsDir) {
        Path libs = libsDir.toAbsolutePath().normalize();
        boolean hasBroker;
        try (Stream<Path> files = Files.list(libs)) {
            hasBroker = files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            hasBroker = false;
        }
        if (!hasBroker) {
            throw new IllegalStateException("No Kafka broker jars (kafka_2.13-*.jar) in " + libs
                    + ": the build copies them there (./mvnw generate-resources, from tools/kafka-broker/pom.xml)");
        }
        return libs;
    }

    private static Path defaultCdsDir(Path libs) {
        Path parent = libs.getParent();
        return parent != null && Files.isWritable(parent) ? parent.resolve("cds") : null;
    }

    private static String newClusterId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static void writeProperties(Path file, Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# Written by ").append(KafkaBroker.class.getName()).append('\n');
        properties.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        writeString(file, text.toString());
    }

    /** Escapes a value for a {@code .properties} file (backslashes, line breaks, leading blanks). */
    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case ' ' -> escaped.append(i == 0 ? "\\ " : " ");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String tail(Path file, int maxLines) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("kafka-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a work directory for the Kafka broker", e);
        }
    }

    private static Path createTempFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary file", e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String readString(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(KafkaBroker::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary folder is harmless
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the port is free either way
        }
    }
}
