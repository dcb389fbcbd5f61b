package io.fusionscaler.testing;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw test} stays fast only if nothing that boots Quarkus slips into it: the build picks the wiring tier by
 * class name ({@code *WiringTest}, pom.xml), so every {@code @QuarkusTest} run by Surefire must be named so.
 */
class TestTiersTest {

    @Test
    void everyQuarkusTestIsInTheWiringTier() throws Exception {
        List<Class<?>> quarkusTests = testClasses().stream().filter(type -> type.isAnnotationPresent(QuarkusTest.class)).toList();

        assertThat(quarkusTests).isNotEmpty();
        assertThat(quarkusTests).filteredOn(type -> !type.getSimpleName().endsWith("IT"))
                .extracting(Class::getSimpleName)
                .as("@QuarkusTest classes Surefire runs must be named *WiringTest, or they run in the fast tier")
                .allMatch(name -> name.endsWith("WiringTest"));
    }

    private static List<Class<?>> testClasses() throws IOException, URISyntaxException {
        Path root = Path.of(TestTiersTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".class") && !file.getFileName().toString().contains("$"))
                    .map(file -> className(root, file)).map(TestTiersTest::load).toList();
        }
    }

    private static String className(Path root, Path file) {
        String relative = root.relativize(file).toString();
        return relative.substring(0, relative.length() - ".class".length()).replace(root.getFileSystem().getSeparator(), ".");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, TestTiersTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
