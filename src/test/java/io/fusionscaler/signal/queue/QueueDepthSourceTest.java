package io.fusionscaler.signal.queue;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue source against real HTTP servers, one per fake pod on its own loopback address, serving pages written by
 * the Prometheus client: sums, partial coverage, last values of silent pods, pruning, counter resets, and every way a
 * pod can fail (gone, hanging, slow, garbage, too large, HTTP errors), none of which may invent a number.
 */
class QueueDepthSourceTest {

    private static Vertx vertx;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
    private final ScriptedQueuePods discovery = new ScriptedQueuePods();
    private final TestQueueConfig config = TestQueueConfig.defaults();
    private FakePods pods;
    private QueueDepthSource source;

    /**
     * Vert.x and Netty load their classes on the first request; on a loaded machine that alone can pass a per-pod
     * timeout, so one page is fetched first with a lenient one.
     */
    @BeforeAll
    static void startVertx() throws Exception {
        vertx = Vertx.vertx();
        try (FakePods warmUp = FakePods.start(2, 1);
             PodScraper scraper = new PodScraper(vertx, ScrapeSettings.plain(Duration.ofSeconds(60), 1, 1024))) {
            ScrapeTarget target = new ScrapeTarget(ScrapeEndpoint.Scheme.HTTP, warmUp.pod(0).ip, warmUp.port, "/metrics");
            assertThat(scraper.scrape(target, 60_000).get()).isEqualTo(new ScrapeResult.Page(""));
        }
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void startPods() throws Exception {
        pods = FakePods.start(2, 3);
        source = new QueueDepthSource(config, discovery, now::get, new PodScraper(vertx, ScrapeSettings.of(config)));
        discovery.target("shop", "model", 3, pods.running());
    }

    @AfterEach
    void stopPods() {
        source.close();
        pods.close();
    }

    private QueueTrigger trigger(Map<String, String> extra) throws InvalidMetadataException {
        Map<String, String> metadata = new HashMap<>(Map.of("queueMetric", Pages.DEPTH, "queuePort", String.valueOf(pods.port)));
        metadata.putAll(extra);
        return new QueueTriggerParser().parse(new TriggerContext("shop", "model", new TriggerMetadata(metadata)));
    }

    private SignalOutcome refresh(QueueTrigger trigger) {
        return source.refresh(Set.of(trigger), RefreshDeadline.after(config.refreshBudget())).get(trigger);
    }

    private static SignalReading reading(SignalOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignalOutcome.Measured.class);
        return ((SignalOutcome.Measured) outcome).reading();
    }

    private void later(Duration by) {
        now.set(now.get().plus(by));
    }

    @Test
    void pendingIsSummedOverEveryPodAndSeriesAndDesiredIsItsCeilingOverTheTarget() throws Exception {
        pods.pod(0).serve(Pages.queueDepth(4, 1));
        pods.pod(1).serve(Pages.queueDepth(5));
        pods.pod(2).serve(Pages.queueDepth(6));

        SignalReading reading = reading(refresh(trigger(Map.of())));

        assertThat(reading.value()).isEqualTo(16);
        assertThat(reading.desiredReplicas()).isEqualTo(2);
        assertThat(reading.active()).isTrue();
        assertThat(reading.coverage().covered()).isEqualTo(3);
        assertThat(reading.coverage().total()).isEqualTo(3);
        assertThat(reading.observedAt()).isEqualTo(now.get());
        assertThat(reading.details()).containsEntry("replicas", 3).containsEntry("answered", 3);
    }

    @Test
    void queueLabelsPickTheSeriesThatCount() throws Exception {
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(4, 100)));

        SignalReading reading = reading(refresh(trigger(Map.of("queueLabels", "grpc_method=Predict,grpc_service=\"model.Inference\""))));

        assertThat(reading.value()).isEqualTo(12);
    }

    @Test
    void activationIsStrictlyAboveTheThresholdAndAnEmptyQueueAsksForNoReplica() throws Exception {
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(1)));
        QueueTrigger trigger = trigger(Map.of("queueActivation", "3", "queueTarget", "2.5"));

        SignalReading atThreshold = reading(refresh(trigger));
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(0)));
        SignalReading empty = reading(refresh(trigger));

        assertThat(atThreshold.value()).isEqualTo(3);
        assertThat(atThreshold.active()).isFalse();
        assertThat(atThreshold.desiredReplicas()).isEqualTo(2);
        assertThat(empty.desiredReplicas()).isZero();
        assertThat(empty.active()).isFalse();
    }

    @Test
    void inFlightIsStartedMinusHandledSummedOverTheMatchingSeries() throws Exception {
        pods.pod(0).serve(Pages.counters(100, 80, 5));
        pods.pod(1).serve(Pages.counters(50, 50, 0));
        pods.pod(2).serve(Pages.counters(7, 0, 0));

        SignalReading reading = reading(refresh(trigger(Map.of("queueMetric", Pages.STARTED, "queueMetricSubtract", Pages.HANDLED))));

        assertThat(reading.value()).isEqualTo(15 + 0 + 7);
    }

    @Test
    void aCounterResetTakesTheRestartedPodsFiguresAsTheyAreAndIsNoted() throws Exception {
        QueueTrigger trigger = trigger(Map.of("queueMetric", Pages.STARTED, "queueMetricSubtract", Pages.HANDLED));
        pods.all().forEach(pod -> pod.serve(Pages.counters(1000, 990, 0)));
        assertThat(reading(refresh(trigger)).value()).isEqualTo(30);

        pods.pod(1).serve(Pages.counters(4, 1, 0));
        SignalReading afterRestart = reading(refresh(trigger));

        assertThat(afterRestart.value()).isEqualTo(10 + 3 + 10);
        assertThat(afterRestart.details()).containsEntry("counterResets", 1);
    }

    @Test
    void handledAboveStartedOnOnePageCountsZeroForThatPodNotANegativeQueue() throws Exception {
        pods.pod(0).serve(Pages.counters(10, 11, 1));
        pods.pod(1).serve(Pages.counters(9, 4, 0));
        pods.pod(2).serve(Pages.counters(0, 0, 0));

        SignalReading reading = reading(refresh(trigger(Map.of("queueMetric", Pages.STARTED, "queueMetricSubtract", Pages.HANDLED))));

        assertThat(reading.value()).isEqualTo(5);
        assertThat(reading.details()).containsEntry("podsWithHandledAboveStarted", 1);
    }

    @Test
    void aPodThatStopsAnsweringKeepsItsLastValueUpToTheStalenessLimitButIsNotCovered() throws Exception {
        QueueTrigger trigger = trigger(Map.of());
        pods.pod(0).serve(Pages.queueDepth(7));
        pods.pod(1).serve(Pages.queueDepth(1));
        pods.pod(2).serve(Pages.queueDepth(2));
        assertThat(reading(refresh(trigger)).value()).isEqualTo(10);

        pods.pod(0).stop();
        later(config.stalenessLimit());
        SignalReading carried = reading(refresh(trigger));
        later(Duration.ofSeconds(1));
        SignalReading expired = reading(refresh(trigger));

        assertThat(carried.value()).isEqualTo(10);
        assertThat(carried.coverage().covered()).isEqualTo(2);
        assertThat(carried.coverage().total()).isEqualTo(3);
        assertThat(carried.details()).containsEntry("carriedWithLastValue", 1);
        assertThat((String) carried.details().get("failures")).startsWith("pod-0: ");
        assertThat(expired.value()).isEqualTo(3);
        assertThat(expired.details()).doesNotContainKey("carriedWithLastValue");
    }

    @Test
    void aPodThatNeverAnsweredCountsNothingAndOnlyTheAnsweringPodsAreCovered() throws Exception {
        pods.pod(0).serve(FakePods.hang());
        pods.pod(1).serve(FakePods.status(503));
        pods.pod(2).serve(Pages.queueDepth(8));

        SignalReading reading = reading(refresh(trigger(Map.of())));

        assertThat(reading.value()).isEqualTo(8);
        assertThat(reading.coverage().covered()).isEqualTo(1);
        assertThat((String) reading.details().get("failures"))
                .contains("pod-0: no complete page within " + config.scrapeTimeout().toMillis() + " ms")
                .contains("pod-1: HTTP 503");
    }

    @Test
    void slowGarbageAndOversizedPagesAreThatPodsErrorsWithTheLineNumberOfTheBadText() throws Exception {
        pods.pod(0).serve(FakePods.slow(config.scrapeTimeout().multipliedBy(3), Pages.queueDepth(50)));
        pods.pod(1).serve("# TYPE grpc_server_queue_depth gauge\ngrpc_server_queue_depth 3\ngrpc_server_queue_depth{a=b} 4\n");
        pods.pod(2).serve(FakePods.oversized(TestQueueConfig.MAX_BYTES * 4));

        SignalOutcome outcome = refresh(trigger(Map.of()));

        assertThat(outcome).isInstanceOf(SignalOutcome.Failed.class);
        assertThat(((SignalOutcome.Failed) outcome).reason())
                .contains("no pod of 3 (the target of ScaledObject model) answered")
                .contains("pod-0: no complete page within")
                .contains("pod-1: invalid exposition text, line 3: the value of label a must be in double quotes")
                .contains("pod-2: page larger than " + TestQueueConfig.MAX_BYTES + " bytes");
    }

    @Test
    void aPageWithNonCountValuesIsThatPodsErrorNotANumber() throws Exception {
        pods.pod(0).serve(Pages.queueDepth(Double.NaN));
        pods.pod(1).serve(Pages.queueDepth(-2));
        pods.pod(2).serve(Pages.queueDepth(1));

        SignalReading reading = reading(refresh(trigger(Map.of())));

        assertThat(reading.value()).isEqualTo(1);
        assertThat((String) reading.details().get("failures"))
                .contains("pod-0: grpc_server_queue_depth has the value NaN, not a count")
                .contains("pod-1: grpc_server_queue_depth has the value -2.0, not a count");
    }

    @Test
    void aPodWithoutTheSeriesYetCountsZeroAndSaysSo() throws Exception {
        pods.pod(0).serve(Pages.queueDepth());
        pods.pod(1).serve(Pages.queueDepth(2));
        pods.pod(2).serve(Pages.queueDepth(2));

        SignalReading reading = reading(refresh(trigger(Map.of())));

        assertThat(reading.value()).isEqualTo(4);
        assertThat(reading.coverage().covered()).isEqualTo(3);
        assertThat(reading.details()).containsEntry("podsWithoutMatchingSeries", 1);
    }

    @Test
    void withNoAnswerAndNoYoungLastValueTheSignalFailsNamingThePods() throws Exception {
        pods.all().forEach(FakePods.Pod::stop);

        SignalOutcome outcome = refresh(trigger(Map.of()));

        assertThat(outcome).isInstanceOf(SignalOutcome.Failed.class);
        assertThat(((SignalOutcome.Failed) outcome).reason()).contains("pod-0: ").contains("pod-1: ").contains("pod-2: ");
    }

    @Test
    void whenNoPodAnswersYoungLastValuesStillCountAndTheReadingIsAsOldAsTheOldestOfThem() throws Exception {
        QueueTrigger trigger = trigger(Map.of());
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(3)));
        Instant observed = now.get();
        refresh(trigger);

        pods.all().forEach(FakePods.Pod::stop);
        later(Duration.ofSeconds(2));
        SignalReading reading = reading(refresh(trigger));

        assertThat(reading.value()).isEqualTo(9);
        assertThat(reading.coverage().covered()).isZero();
        assertThat(reading.observedAt()).isEqualTo(observed);
    }

    @Test
    void departedPodsArePrunedAndDoNotComeBackWithTheirOldValue() throws Exception {
        QueueTrigger trigger = trigger(Map.of());
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(5)));
        refresh(trigger);

        discovery.target("shop", "model", 2, pods.running().subList(1, 3));
        SignalReading without = reading(refresh(trigger));
        pods.pod(0).stop();
        discovery.target("shop", "model", 3, pods.running());
        SignalReading back = reading(refresh(trigger));

        assertThat(without.value()).isEqualTo(10);
        assertThat(without.coverage().total()).isEqualTo(2);
        assertThat(back.value()).isEqualTo(10);
        assertThat(back.coverage().covered()).isEqualTo(2);
        assertThat(back.coverage().total()).isEqualTo(3);
        assertThat(back.details()).doesNotContainKey("carriedWithLastValue");
    }

    @Test
    void onlyRunningPodsWithAnAddressAreScrapedAndCounted() throws Exception {
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(4)));
        discovery.target("shop", "model", 4, List.of(
                new QueuePod("running", pods.pod(0).ip, QueuePod.State.RUNNING),
                new QueuePod("draining", pods.pod(1).ip, QueuePod.State.TERMINATING),
                new QueuePod("done", pods.pod(2).ip, QueuePod.State.FINISHED),
                new QueuePod("starting", "", QueuePod.State.PENDING)));

        SignalReading reading = reading(refresh(trigger(Map.of())));

        assertThat(reading.value()).isEqualTo(4);
        assertThat(reading.coverage().total()).isEqualTo(1);
        assertThat(reading.details()).containsEntry("podsNotRunning", 3);
        assertThat(pods.pod(1).requests()).isZero();
    }

    @Test
    void aTargetAtZeroReplicasIsAbsentWithoutASelector() throws Exception {
        discovery.target("shop", "model", 0, List.of());

        SignalOutcome outcome = refresh(trigger(Map.of()));

        assertThat(outcome).isInstanceOf(SignalOutcome.Absent.class);
        assertThat(((SignalOutcome.Absent) outcome).reason()).contains("Deployment/model has 0 replicas").contains("queuePodSelector");
    }

    @Test
    void selectedCallerPodsAreScrapedWhateverTheTargetsReplicas() throws Exception {
        discovery.target("shop", "model", 0, List.of());
        discovery.pods("shop", Map.of("app", "gateway"), pods.running());
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(2)));

        SignalReading reading = reading(refresh(trigger(Map.of("queuePodSelector", "app in (gateway,edge)"))));

        assertThat(reading.value()).isEqualTo(6);
        assertThat(reading.details()).containsEntry("source", "pods matching app in (edge,gateway)").doesNotContainKey("replicas");
    }

    @Test
    void aSelectorThatMatchesNoPodMeasuresZeroAndSaysWhy() throws Exception {
        discovery.pods("shop", Map.of("app", "gateway"), pods.running());

        SignalReading reading = reading(refresh(trigger(Map.of("queuePodSelector", "app=nobody"))));

        assertThat(reading.value()).isZero();
        assertThat(reading.coverage().total()).isZero();
        assertThat((String) reading.details().get("note")).contains("nobody holds a queue");
    }

    @Test
    void unknownPodsFailWithDiscoverysReason() throws Exception {
        discovery.unknownTarget("shop", "model", "ScaledObject shop/model not found");

        SignalOutcome outcome = refresh(trigger(Map.of()));

        assertThat(outcome).isEqualTo(new SignalOutcome.Failed("ScaledObject shop/model not found"));
    }

    @Test
    void triggersOfOneNamespaceShareEachPagePerRefreshAndConnectionsAreKeptAlive() throws Exception {
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(1, 2)));
        QueueTrigger predict = trigger(Map.of("queueLabels", "grpc_method=Predict"));
        QueueTrigger embed = trigger(Map.of("queueLabels", "grpc_method=Embed"));

        Map<QueueTrigger, SignalOutcome> first = source.refresh(Set.of(predict, embed), RefreshDeadline.after(config.refreshBudget()));
        for (int i = 0; i < 4; i++) {
            source.refresh(Set.of(predict, embed), RefreshDeadline.after(config.refreshBudget()));
        }

        assertThat(reading(first.get(predict)).value()).isEqualTo(3);
        assertThat(reading(first.get(embed)).value()).isEqualTo(6);
        assertThat(pods.all()).allSatisfy(pod -> {
            assertThat(pod.requests()).isEqualTo(5);
            assertThat(pod.connections()).isEqualTo(1);
        });
    }

    @Test
    void aSpentBudgetScrapesNothingAndSaysSo() throws Exception {
        QueueTrigger trigger = trigger(Map.of());

        SignalOutcome outcome = source.refresh(Set.of(trigger), new RefreshDeadline(System.nanoTime(), Duration.ofMillis(1))).get(trigger);

        assertThat(((SignalOutcome.Failed) outcome).reason()).contains("the refresh budget ran out first");
        assertThat(pods.all()).allSatisfy(pod -> assertThat(pod.requests()).isZero());
    }

    @Test
    void aForgottenTriggerKeepsNoLastValues() throws Exception {
        QueueTrigger trigger = trigger(Map.of());
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(5)));
        refresh(trigger);

        source.forget(trigger);
        pods.pod(0).stop();
        SignalReading reading = reading(refresh(trigger));

        assertThat(reading.value()).isEqualTo(10);
        assertThat(reading.details()).doesNotContainKey("carriedWithLastValue");
    }
}
