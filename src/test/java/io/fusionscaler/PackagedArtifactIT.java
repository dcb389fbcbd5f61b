package io.fusionscaler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ships: the packaged build holds the scaler and nothing of the demo, the Kafka broker launcher, its watchdog or
 * its class-data-sharing archives, which live in the test code; of the Kubernetes client's models only those it reads. Reads the jars of the latest package: the fast-jar's
 * ({@code target/quarkus-app}), or with {@code -Dnative} the runner jar the native image was compiled from.
 */
class PackagedArtifactIT {

    private static final Path TARGET = Path.of("target");
    private static final Pattern KUBERNETES_MODEL = Pattern.compile("io\\.fabric8\\.kubernetes-model-([a-z]+)-\\d.*\\.jar");

    /** Folders and class names that are test or demo code. */
    private static final List<String> FORBIDDEN_FOLDERS = List.of("io/fusionscaler/demo/", "io/fusionscaler/testing/",
            "io/fusionscaler/bench/");
    private static final List<String> FORBIDDEN_NAMES = List.of("Demo", "KafkaBroker", "BrokerProcess", "ParentDeathWatchdog",
            "AppCdsArchive", "ScriptedSignal");

    @Test
    void theShippedArtifactHoldsTheScalerAndNoDemoBrokerLauncherWatchdogOrAppCdsClass() throws IOException {
        List<String> classes = ourClasses(shippedJars());

        assertThat(classes).as("the listing reads the scaler's own classes").contains("io/fusionscaler/keda/ExternalScalerService.class");
        assertThat(classes).filteredOn(PackagedArtifactIT::isForbidden).as("test or demo code in the shipped artifact").isEmpty();
    }

    @Test
    void ofTheKubernetesClientsModelsOnlyThoseTheScalerReadsShip() throws IOException {
        List<String> models = shippedJars().stream().map(jar -> KUBERNETES_MODEL.matcher(jar.getFileName().toString()))
                .filter(Matcher::matches).map(model -> model.group(1)).toList();

        assertThat(models).as("read by the scaler, or linked by the client's own classes")
                .containsExactlyInAnyOrder("common", "core", "apps", "autoscaling", "metrics",
                        "admissionregistration", "batch", "certificates", "coordination", "extensions", "node");
    }

    private static boolean isForbidden(String entry) {
        String simpleName = entry.substring(entry.lastIndexOf('/') + 1);
        return FORBIDDEN_FOLDERS.stream().anyMatch(entry::startsWith) || FORBIDDEN_NAMES.stream().anyMatch(simpleName::startsWith);
    }

    /** The jars of the latest package, as {@code target/quarkus-artifact.properties} (written by the build) names it. */
    private static List<Path> shippedJars() throws IOException {
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(TARGET.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        Path folder = switch (artifact.getProperty("type")) {
            case "jar" -> TARGET.resolve("quarkus-app");
            case "native" -> nativeImageSourceJarFolder();
            default -> throw new IllegalStateException("unknown artifact type in quarkus-artifact.properties: " + artifact);
        };
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
            assertThat(jars).as("jars under %s", folder).isNotEmpty();
            return jars;
        }
    }

    private static Path nativeImageSourceJarFolder() throws IOException {
        try (Stream<Path> folders = Files.list(TARGET)) {
            return folders.filter(f -> f.getFileName().toString().endsWith("-native-image-source-jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("a native build without its native-image-source-jar folder"));
        }
    }

    /** The class entries under {@code io/fusionscaler/} of every jar. */
    private static List<String> ourClasses(List<Path> jars) {
        List<String> classes = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    if (entry.getName().startsWith("io/fusionscaler/") && entry.getName().endsWith(".class")) {
                        classes.add(entry.getName());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return classes;
    }
}
