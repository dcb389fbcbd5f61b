package io.fusionscaler.engine;

import io.fusionscaler.fusion.FusedDecision;
import io.fusionscaler.fusion.UnavailableDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's lanes with a fake source whose lanes can be held: isolation, no lane twice at once, no lost request,
 * the engine-owned budget, targeted re-decisions and staleness. Intervals are long unless a test needs repeats, so
 * every refresh a test sees is one it caused.
 */
@Timeout(60)
class RefreshLoopTest {

    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void aHeldLaneNeitherDelaysNorStalesAnotherLane() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, LONG), 4).start()) {
            engine.signal.hold("dead");
            ScaledObjectTracker dead = engine.track("a", "dead");
            ScaledObjectTracker healthy = engine.track("b", "healthy");

            await().until(() -> healthy.decision(engine.clock.instant()) instanceof FusedDecision);
            assertThat(dead.decision(engine.clock.instant())).isInstanceOfSatisfying(UnavailableDecision.class,
                    d -> assertThat(d.reason()).contains("first refresh pending"));
            engine.signal.release("dead");
        }
    }

    @Test
    void aBusyLaneNeverRunsTwiceAtOnceAndRunsAgainWithEverySpecThatJoinedMeanwhile() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, LONG), 4).start()) {
            engine.signal.hold("orders");
            engine.track("first", "orders");
            await().until(() -> engine.signal.refreshes().size() == 1);
            List<ScaledObjectTracker> joined = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                joined.add(engine.track("joined-" + i, "orders"));
            }
            engine.signal.release("orders");

            await().until(() -> joined.stream().allMatch(t -> t.firstRefresh().isDone()));
            assertThat(engine.signal.mostAtOnce("orders")).isEqualTo(1);
            assertThat(engine.signal.refreshes()).as("one run for the first spec, one rerun for all that joined").hasSize(2);
            assertThat(engine.signal.refreshes().get(1)).hasSize(6);
        }
    }

    @Test
    void aRequestThatRacesWithTheEndOfARefreshIsNeverLost() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, LONG), 2).start()) {
            List<ScaledObjectTracker> trackers = new CopyOnWriteArrayList<>();
            for (int round = 0; round < 300; round++) {
                trackers.add(engine.track("t" + round, "race", "id" + round));
                if (random.nextBoolean()) {
                    Thread.onSpinWait();
                } else {
                    Thread.sleep(0, random.nextInt(200_000));
                }
            }
            await("every tracker refreshed, seed " + seed).atMost(Duration.ofSeconds(20))
                    .until(() -> trackers.stream().allMatch(t -> t.firstRefresh().isDone()));
            assertThat(engine.signal.mostAtOnce("race")).as("seed %d", seed).isEqualTo(1);
        }
    }

    @Test
    void aLaneOverItsBudgetFailsItsSpecsNamingTheBudgetAndIsInterrupted() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, Duration.ofMillis(200), LONG), 2).start()) {
            engine.signal.hold("slow");
            ScaledObjectTracker tracker = engine.track("a", "slow");

            await().until(() -> !engine.refreshesOf("slow").isEmpty());
            LaneRefresh overrun = engine.refreshesOf("slow").get(0);
            assertThat(overrun.overran()).isTrue();
            assertThat(overrun.failed()).isEqualTo(1);
            assertThat(overrun.firstFailure()).isEqualTo("no answer within the refresh budget of 200 ms (fusion.lane.refresh-budget)");
            assertThat(tracker.decision(engine.clock.instant())).isInstanceOfSatisfying(UnavailableDecision.class,
                    d -> assertThat(d.reason()).contains("no answer within the refresh budget of 200 ms"));
            await().until(() -> engine.signal.interruptedRefreshes() == 1);
            assertThat(engine.refreshesOf("slow")).as("the interrupted refresh's late answer is ignored").hasSize(1);
        }
    }

    @Test
    void onlyTheTrackersOfTheRefreshedLaneAreDecidedAgain() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, LONG), 4).start()) {
            List<ScaledObjectTracker> trackers = new ArrayList<>();
            for (int lane = 0; lane < 10; lane++) {
                for (int i = 0; i < 10; i++) {
                    trackers.add(engine.track("so-" + lane + "-" + i, "lane-" + lane));
                }
            }
            await().until(() -> trackers.stream().allMatch(t -> t.firstRefresh().isDone()));
            awaitQuiet(engine);
            long decisionsBefore = engine.loop.decisionsMade();
            int refreshesBefore = engine.refreshes.size();
            int lane3Before = engine.refreshesOf("lane-3").size();

            engine.track("late", "lane-3");
            await().until(() -> engine.refreshesOf("lane-3").size() > lane3Before);
            awaitQuiet(engine);

            int lane3Refreshes = engine.refreshesOf("lane-3").size() - lane3Before;
            assertThat(engine.refreshes.size() - refreshesBefore).as("no other lane refreshed").isEqualTo(lane3Refreshes);
            assertThat(engine.loop.decisionsMade() - decisionsBefore)
                    .as("the new tracker once when made, then the 11 trackers of lane-3 once per refresh of lane-3")
                    .isEqualTo(1 + 11L * lane3Refreshes);
        }
    }

    /** Waits until no lane has refreshed for a while (every interval here is an hour, so only requests refresh). */
    private static void awaitQuiet(TestEngine engine) {
        int[] last = {-1};
        await().pollInterval(Duration.ofMillis(300)).until(() -> {
            int now = engine.refreshes.size();
            boolean quiet = now == last[0];
            last[0] = now;
            return quiet;
        });
    }

    @Test
    void dataThatGoesStaleIsDecidedAgainByTheSweepOnlyForTheTrackersItConcerns() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, Duration.ofSeconds(10)), 2).start()) {
            ScaledObjectTracker tracker = engine.track("a", "lane");
            await().until(() -> tracker.activity() == ActivityState.ACTIVE);
            List<ActivityState> told = new CopyOnWriteArrayList<>();
            tracker.subscribe(told::add);
            long before = engine.loop.decisionsMade();

            engine.loop.sweep();
            assertThat(engine.loop.decisionsMade()).as("nothing is stale yet").isEqualTo(before);

            engine.clock.advance(Duration.ofSeconds(11));
            engine.loop.sweep();

            assertThat(told).containsExactly(ActivityState.UNKNOWN);
            assertThat(engine.loop.decisionsMade()).isEqualTo(before + 1);
            engine.loop.sweep();
            assertThat(engine.loop.decisionsMade()).as("a stale tracker is not re-decided again and again").isEqualTo(before + 1);
        }
    }

    @Test
    void aLaneRefreshesAgainAtItsSourcesInterval() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(Duration.ofMillis(100), LONG, LONG), 2).start()) {
            engine.track("a", "paced");
            await().until(() -> engine.refreshesOf("paced").size() >= 3);
            assertThat(engine.signal.mostAtOnce("paced")).isEqualTo(1);
        }
    }

    @Test
    void aSourceCanAskForOneSpecToRefreshAloneAtOnceOutsideItsLanesInterval() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, LONG), 2).start()) {
            ScaledObjectTracker woken = engine.track("a", "idle", "a");
            ScaledObjectTracker other = engine.track("b", "idle", "b");
            await().until(() -> woken.activity() == ActivityState.ACTIVE && other.activity() == ActivityState.ACTIVE);
            int lanesRefreshed = engine.refreshesOf("idle").size();
            engine.signal.desire(0);

            engine.signal.refreshNow(new LaneSignal.Spec("idle", "a"));

            await().until(() -> woken.activity() == ActivityState.INACTIVE);
            assertThat(engine.signal.refreshes()).last().isEqualTo(Set.of(new LaneSignal.Spec("idle", "a")));
            assertThat(other.activity()).as("the other spec of the lane was not refreshed").isEqualTo(ActivityState.ACTIVE);
            assertThat(engine.refreshesOf("idle")).as("the lane's own figures count whole-lane refreshes only")
                    .hasSize(lanesRefreshed);
        }
    }

    @Test
    void specsRequestedWhileTheirLaneRefreshesAreRefreshedOnceRightAfterNeverBesideIt() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, LONG), 2).start()) {
            engine.signal.hold("busy");
            ScaledObjectTracker tracker = engine.track("a", "busy", "a");
            await().until(() -> engine.signal.refreshes().size() == 1);

            engine.signal.refreshNow(new LaneSignal.Spec("busy", "a"));
            engine.signal.refreshNow(new LaneSignal.Spec("busy", "a"));
            engine.signal.release("busy");

            await().until(() -> engine.signal.refreshes().size() == 2 && tracker.activity() == ActivityState.ACTIVE);
            assertThat(engine.signal.mostAtOnce("busy")).isEqualTo(1);
        }
    }

    @Test
    void aDroppedTrackersSpecsAreForgottenAndItsLaneStops() {
        try (TestEngine engine = new TestEngine(LaneSignal.pace(LONG, LONG, LONG), 2).start()) {
            ScaledObjectTracker tracker = engine.track("a", "gone");
            await().until(() -> tracker.firstRefresh().isDone());
            assertThat(engine.loop.laneCount()).isEqualTo(1);

            engine.clock.advance(Duration.ofMinutes(11));
            engine.loop.sweep();

            assertThat(engine.registry.size()).isZero();
            assertThat(engine.loop.laneCount()).isZero();
        }
    }

}
