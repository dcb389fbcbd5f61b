package io.fusionscaler.testing.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The folder of the Kafka distribution's jars that the broker and the tools run from. */
final class KafkaLibs {

    private KafkaLibs() {
    }

    /** The folder as an absolute path, once it is known to hold the broker jar. */
    static Path verify(Path libsDir) {
        Path libs = libsDir.toAbsolutePath().normalize();
        boolean hasBroker;
        try (Stream<Path> files = Files.list(libs)) {
            hasBroker = files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            hasBroker = false;
        }
        if (!hasBroker) {
            throw new IllegalStateException("No Kafka broker jars (kafka_2.13-*.jar) in " + libs
                    + ": the build copies them there before its integration tests (./mvnw verify -DskipTests, from"
                    + " src/test/kafka-broker/pom.xml)");
        }
        return libs;
    }
}
