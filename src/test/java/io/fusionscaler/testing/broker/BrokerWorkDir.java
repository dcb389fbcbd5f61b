package io.fusionscaler.testing.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The broker's folder: its configuration, its TLS material, its data and its log. */
record BrokerWorkDir(Path root) {

    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

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

    static BrokerWorkDir createTemporary() {
        try {
            return new BrokerWorkDir(Files.createTempDirectory("kafka-broker-"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a work directory for the Kafka broker", e);
        }
    }

    static BrokerWorkDir create(Path root) {
        return new BrokerWorkDir(UncheckedFiles.createDirectories(root));
    }

    Path serverProperties() {
        return root.resolve("server.properties");
    }

    Path log4j2Config() {
        return root.resolve("log4j2.properties");
    }

    Path logsDir() {
        return root.resolve("logs");
    }

    Path logFile() {
        return logsDir().resolve("broker.log");
    }

    Path caCertificatePem() {
        return sslDir().resolve(TlsMaterial.CA_PEM);
    }

    /** Writes the configuration and formats a new data directory, with the SCRAM users in it. */
    void prepare(BrokerSettings settings, ListenerPorts ports) {
        UncheckedFiles.createDirectories(logsDir());
        Map<String, String> sslProperties = settings.ssl() ? TlsMaterial.generate(sslDir()) : Map.of();
        ServerProperties.write(serverProperties(),
                ServerProperties.of(settings, ports, root.resolve("data"), sslProperties));
        UncheckedFiles.writeString(log4j2Config(), LOG4J2_CONFIG);
        format(settings);
    }

    private Path sslDir() {
        return root.resolve("ssl");
    }

    private void format(BrokerSettings settings) {
        List<String> args = new ArrayList<>(
                // "--cluster-id=" keeps an id that starts with "-" (1 in 64) from being read as an option.
                List.of("format", "--cluster-id=" + newClusterId(), "-c", serverProperties().toString()));
        args.addAll(settings.saslUsers().formatArguments());
        KafkaBroker.ToolResult result = KafkaTool.run(settings.libsDir(), settings.cdsDir(), FORMAT_TIMEOUT,
                STORAGE_TOOL, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("formatting the Kafka data directory failed (exit code "
                    + result.exitCode() + "): " + result.output().strip());
        }
    }

    private static String newClusterId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
