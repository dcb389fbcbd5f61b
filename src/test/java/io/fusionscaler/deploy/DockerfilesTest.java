package io.fusionscaler.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The images the chart runs: non-root, both ports, a JNA tmpdir, and the options the chart relies on. */
class DockerfilesTest {

    static final Path DOCKER = Path.of("src", "main", "docker");

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.native", "Dockerfile.jvm"})
    void runsAsANumericNonRootUserWithBothPortsAndAJnaTmpdir(String dockerfile) {
        String text = Generated.read(DOCKER.resolve(dockerfile));

        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(text);
        String lastUser = null;
        while (user.find()) {
            lastUser = user.group(1);
        }
        // runAsNonRoot: the kubelet can only check a numeric user.
        assertThat(lastUser).matches("[1-9][0-9]*");
        assertThat(text).containsPattern("(?m)^EXPOSE 8080 9090$").contains("-Djna.tmpdir=/tmp");
    }

    @Test
    void theNativeImageIsBuiltByTheOfficialMandrelBuilder() {
        assertThat(Generated.read(DOCKER.resolve("Dockerfile.native")))
                .contains("FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25 AS build")
                .contains("FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
    }

    /** JAVA_OPTS_APPEND set on the container replaces the image's, so the chart must repeat every option of it. */
    @Test
    void theChartsJvmOptionsKeepTheImagesOwn() {
        Matcher own = Pattern.compile("(?m)^ENV JAVA_OPTS_APPEND=\"([^\"]*)\"$").matcher(Generated.read(DOCKER.resolve("Dockerfile.jvm")));
        assertThat(own.find()).isTrue();
        var scaler = ChartRenderTest.container(Variants.render("jvm-image").scaler().getSpec().getTemplate().getSpec());

        assertThat(ChartRenderTest.javaOptions(scaler)).containsAll(List.of(own.group(1).split(" ")));
    }
}
