package io.fusionscaler.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTest {

    @Test
    void strictLintFindsNoWarningOrError() {
        LintResult result = Chart.lintStrict();

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
    }
}
