package io.fusionscaler.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodSelectorTest {

    private static final Map<String, String> API_POD = Map.of("app", "api", "tier", "web", "version", "3");

    @ParameterizedTest(name = "''{0}'' matches app=api,tier=web,version=3: {1}")
    @CsvSource(delimiter = '|', value = {
            "app=api | true",
            "app==api | true",
            "app=other | false",
            "app!=other | true",
            "app!=api | false",
            "missing!=x | true",
            "app | true",
            "!app | false",
            "!missing | true",
            "tier in (web,batch) | true",
            "tier in (batch) | false",
            "tier notin (batch,cron) | true",
            "missing notin (x) | true",
            "version>2 | true",
            "version<3 | false",
            "app>2 | false",
            "app=api, tier=web | true",
            "  app = api ,tier   in   ( web , x )  | true",
            "app=api,tier=batch | false",
            "'' | true",
    })
    void matchesLikeKubernetes(String text, boolean matches) throws SelectorSyntaxException {
        assertThat(PodSelector.parse(text).matches(API_POD)).isEqualTo(matches);
    }

    @Test
    void theCanonicalFormParsesBackToTheSameSelector() throws SelectorSyntaxException {
        PodSelector selector = PodSelector.parse("tier in (web,batch),app=api,!canary,x!=y,zone notin (a,b),team,n>5");
        assertThat(PodSelector.parse(selector.toString())).isEqualTo(selector);
        assertThat(selector.toString()).isEqualTo("tier in (batch,web),app=api,!canary,x!=y,zone notin (a,b),team,n>5");
    }

    @Test
    void aWorkloadSelectorEqualsItsTextForm() throws SelectorSyntaxException {
        PodSelector fromSpec = PodSelector.of(Map.of("app", "api"),
                List.of(new PodSelector.Requirement("tier", PodSelector.Operator.IN, Set.of("web", "batch"))));
        assertThat(fromSpec).isEqualTo(PodSelector.parse("app=api,tier in (batch,web)"));
        assertThat(fromSpec.indexEntry()).contains("app=api");
    }

    @Test
    void anEmptySelectorMatchesEveryPod() throws SelectorSyntaxException {
        assertThat(PodSelector.parse("").isEmpty()).isTrue();
        assertThat(PodSelector.everything().matches(Map.of())).isTrue();
    }

    @Test
    void prefixedKeysAreLabelKeys() throws SelectorSyntaxException {
        PodSelector selector = PodSelector.parse("app.kubernetes.io/name=api");
        assertThat(selector.matches(Map.of("app.kubernetes.io/name", "api"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"=api", "app=a b", "app in", "app in (a", "app in a,b)", "app notin ()x",
            "app=api,", ",app", "app api", "app=api;tier=web", "app>x", "-app=x", "app-=x", "a/b/c=d",
            "UPPER.prefix/x=y", "app=-x", "app!", "!", "app in (a,,b"})
    void refusesMalformedSelectors(String text) {
        assertThatThrownBy(() -> PodSelector.parse(text)).isInstanceOf(SelectorSyntaxException.class)
                .hasMessageStartingWith("at character ");
    }

    @Test
    void messagesStayShortWhateverTheInput() {
        String longKey = "k".repeat(500) + "=v";
        assertThatThrownBy(() -> PodSelector.parse(longKey)).isInstanceOf(SelectorSyntaxException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
        assertThatThrownBy(() -> PodSelector.parse("a=b,".repeat(1000))).isInstanceOf(SelectorSyntaxException.class);
    }
}
