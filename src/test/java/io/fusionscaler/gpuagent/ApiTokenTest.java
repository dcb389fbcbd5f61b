package io.fusionscaler.gpuagent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenTest {

    @TempDir
    Path dir;

    private static ApiToken token(Optional<Path> file) {
        return new ApiToken(file);
    }

    @Test
    void withoutATokenFileEveryCallIsAllowed() {
        assertThat(token(Optional.empty()).check(null)).isEqualTo(ApiToken.Verdict.ALLOWED);
    }

    @Test
    void onlyTheBearerTokenOfTheFileIsAllowed() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "s3cret\n");
        ApiToken token = token(Optional.of(file));

        assertThat(token.check("Bearer s3cret")).isEqualTo(ApiToken.Verdict.ALLOWED);
        assertThat(token.check("bearer s3cret")).isEqualTo(ApiToken.Verdict.ALLOWED);
        assertThat(token.check("Bearer wrong")).isEqualTo(ApiToken.Verdict.DENIED);
        assertThat(token.check("Basic czNjcmV0")).isEqualTo(ApiToken.Verdict.DENIED);
        assertThat(token.check(null)).isEqualTo(ApiToken.Verdict.DENIED);
    }

    @Test
    void aRotatedTokenReplacesTheOldOne() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "old");
        ApiToken token = token(Optional.of(file));
        assertThat(token.check("Bearer old")).isEqualTo(ApiToken.Verdict.ALLOWED);

        Files.writeString(file, "new");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));

        assertThat(token.check("Bearer old")).isEqualTo(ApiToken.Verdict.DENIED);
        assertThat(token.check("Bearer new")).isEqualTo(ApiToken.Verdict.ALLOWED);
    }

    @Test
    void aMissingOrEmptyTokenFileLetsNoOneIn() throws Exception {
        assertThat(token(Optional.of(dir.resolve("absent"))).check("Bearer x")).isEqualTo(ApiToken.Verdict.UNAVAILABLE);
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThat(token(Optional.of(empty)).check("Bearer ")).isEqualTo(ApiToken.Verdict.UNAVAILABLE);
    }
}
