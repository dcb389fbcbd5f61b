package io.fusionscaler.testing;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.fusionscaler.testing.broker.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One real Kafka broker per test JVM, shared by every test that needs one: started on first use, stopped when the
 * JVM exits (see {@link KafkaBroker}). Each test uses its own topic and group names
 * ({@link KafkaTestData#uniqueTopic(String)}, {@link KafkaTestData#uniqueGroup(String)}).
 *
 * <p>On a {@code @QuarkusIntegrationTest} (or a {@code @QuarkusTest}): {@code @WithTestResource(KafkaBrokerResource.class)},
 * which starts the broker for the annotated class only and sets {@value #BOOTSTRAP_SERVERS_CONFIG}. In any test:
 * {@link #broker()}. Only integration tests ({@code *IT}) use a broker.
 *
 * <p>Plain JUnit tests and each Quarkus test application load this class in class loaders of their own, so the
 * broker belongs to the copy of this class in the system class loader, and every copy reaches it through a
 * {@link KafkaBroker#attach(Map) handle}. The handle cannot stop the shared broker: a test of an outage starts a
 * broker of its own with {@code KafkaBroker.start(KafkaBrokerResource.options())} and closes it at the end.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** The configuration key that carries the shared broker's PLAINTEXT bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "fusion.test.kafka.bootstrap-servers";

    /** The system property with the folder of the broker jars (Surefire and Failsafe set it). */
    public static final String LIBS_PROPERTY = "kafka.broker.libs";

    /** The broker itself; only ever set in the copy of this class that the system class loader holds. */
    private static KafkaBroker owned;

    /** This class loader's handle on the shared broker. */
    private static KafkaBroker handle;

    @Override
    public Map<String, String> start() {
        return Map.of(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives each test class; it stops when the JVM exits.
    }

    /** The shared broker (a handle that cannot stop it), started on first use. */
    public static synchronized KafkaBroker broker() {
        if (handle == null || !handle.isRunning()) {
            handle = KafkaBroker.attach(sharedBrokerDescription());
        }
        return handle;
    }

    /** The shared broker's PLAINTEXT bootstrap servers, {@code 127.0.0.1:port}. */
    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Options for a broker of a test's own (the shared libs folder, a temporary work folder). */
    public static KafkaBroker.Options options() {
        return new KafkaBroker.Options(libsDir());
    }

    /**
     * The folder of the broker jars: the {@value #LIBS_PROPERTY} system property, or (when a test runs outside
     * Maven, in an IDE) {@code target/kafka-broker/libs} under the working directory.
     */
    public static Path libsDir() {
        String configured = System.getProperty(LIBS_PROPERTY);
        Path libs = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("target", "kafka-broker", "libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("No Kafka broker jars in " + libs.toAbsolutePath()
                    + ": run ./mvnw verify -DskipTests once (it copies them there before the integration tests)");
        }
        return libs.toAbsolutePath();
    }

    /**
     * Plumbing for {@link #broker()}, called on the copy of this class in the system class loader: starts the
     * shared broker if it does not run and describes it. Tests call {@link #broker()} instead.
     */
    public static synchronized Map<String, String> startSharedBroker() {
        if (owned == null || !owned.isRunning()) {
            if (owned != null) {
                owned.close();
            }
            owned = KafkaBroker.start(options());
        }
        return owned.describe();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> sharedBrokerDescription() {
        Class<?> owner = ownerClass();
        if (owner == KafkaBrokerResource.class) {
            return startSharedBroker();
        }
        try {
            return (Map<String, String>) owner.getMethod("startSharedBroker").invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("could not start the shared Kafka broker", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not reach the shared Kafka broker through " + owner, e);
        }
    }

    /** The copy of this class that owns the broker: the system class loader's, when it can load this class. */
    private static Class<?> ownerClass() {
        try {
            return Class.forName(KafkaBrokerResource.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return KafkaBrokerResource.class;
        }
    }
}
