package io.fusionscaler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files that are generated from other files of this repository (deploy/ from the chart, the chart's copy of the
 * RBAC list, the chart README's values table) and kept equal to their source by tests. Run the tests with
 * {@code -Dfusion.regenerate=true} to rewrite them instead of failing:
 * {@code ./mvnw test -Dtest='Chart*Test,Deploy*Test' -Dfusion.regenerate=true}.
 */
final class Generated {

    static final boolean REGENERATE = Boolean.getBoolean("fusion.regenerate");

    private Generated() {
    }

    static void check(Path file, String expected, String source) {
        if (REGENERATE) {
            write(file, expected);
            return;
        }
        assertThat(file).as("%s is generated from %s; rewrite it with -Dfusion.regenerate=true", file, source).exists();
        assertThat(read(file)).as("%s is out of date with %s; rewrite it with -Dfusion.regenerate=true", file, source)
                .isEqualTo(expected);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
