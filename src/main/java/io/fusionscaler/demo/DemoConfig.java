package io.fusionscaler.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** The embedded demo that {@code ./mvnw -Pdemo package quarkus:run} turns on. */
@ConfigMapping(prefix = "fusion.demo")
public interface DemoConfig {

    /** Starts a Kafka broker, a demo workload and a KEDA-like observer beside the scaler. Never in production. */
    @WithDefault("false")
    boolean enabled();

    /** Where the build put the Kafka broker's jars. */
    @WithDefault("target/kafka-broker/libs")
    Path brokerLibs();

    /** Topic the demo producer writes and the demo consumer group reads. */
    @WithDefault("demo-orders")
    String topic();

    /** Partitions of the demo topic, and so the demo's replica cap. */
    @WithDefault("3")
    int partitions();

    /** The demo consumer group. */
    @WithDefault("demo-workers")
    String consumerGroup();

    /** Messages the producer writes per second while a burst lasts. */
    @WithDefault("40")
    int burstRate();

    /** Seconds of quiet, then seconds of burst; the cycle repeats. */
    @WithDefault("15")
    int quietSeconds();

    /** Seconds a burst lasts. */
    @WithDefault("20")
    int burstSeconds();

    /** Messages the consumer group processes per second (slower than a burst, so lag builds up, then drains). */
    @WithDefault("30")
    int consumeRate();
}
