package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** An immutable copy of the {@link KafkaBroker.Options} a broker was started with. */
record BrokerSettings(Path libsDir, Path workDir, boolean deleteWorkDirOnClose, String maxHeap,
                      Duration startupTimeout, boolean ssl, Path cdsDir, SaslUsers saslUsers,
                      Map<String, String> brokerProperties) {

    /** For a handle from {@link KafkaBroker#attach(Map)}, which only reads the jars' folder. */
    static BrokerSettings ofHandle(Path libsDir) {
        return new BrokerSettings(libsDir, null, false, "", Duration.ofSeconds(60), false, null, SaslUsers.NONE,
                Map.of());
    }
}
