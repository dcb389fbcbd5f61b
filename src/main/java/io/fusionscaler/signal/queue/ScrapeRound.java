package io.fusionscaler.signal.queue;

import io.fusionscaler.signal.RefreshDeadline;
import io.vertx.core.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The pages of one {@link PodScraper#scrapeAll} call, started on a Vert.x event loop: the refresh thread hands the
 * whole round over once and waits once, instead of starting and awaiting every page itself (each of those a wake-up
 * of the event loop and of the refresh thread). At most {@code concurrency} pages are in flight; as one ends, the next
 * starts, unless the refresh budget is spent.
 */
final class ScrapeRound {

    /** Fetches one page; the future completes within {@code timeoutMillis}. */
    @FunctionalInterface
    interface Fetch {
        CompletableFuture<ScrapeResult> page(ScrapeTarget target, long timeoutMillis);
    }

    private final Context context;
    private final List<ScrapeTarget> targets;
    private final Fetch fetch;
    private final long timeoutMillis;
    private final RefreshDeadline deadline;
    private final AtomicReferenceArray<ScrapeResult> results;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;

    ScrapeRound(Context context, List<ScrapeTarget> targets, Fetch fetch, long timeoutMillis, RefreshDeadline deadline) {
        this.context = context;
        this.targets = targets;
        this.fetch = fetch;
        this.timeoutMillis = timeoutMillis;
        this.deadline = deadline;
        this.results = new AtomicReferenceArray<>(targets.size());
        this.done = new CountDownLatch(targets.size());
    }

    /** Starts the round on the event loop and waits for every page; returns a result for every target. */
    Map<ScrapeTarget, ScrapeResult> run(int concurrency) throws InterruptedException {
        context.runOnContext(v -> {
            for (int slot = 0; slot < concurrency; slot++) {
                startNext();
            }
        });
        // each page ends by its own timer; the wait is bounded anyway, in case a timer never fires
        done.await(deadline.remainingMillis() + 1_000, TimeUnit.MILLISECONDS);
        Map<ScrapeTarget, ScrapeResult> read = new HashMap<>(targets.size() * 2);
        for (int i = 0; i < targets.size(); i++) {
            ScrapeResult result = results.get(i);
            read.put(targets.get(i), result != null ? result : new ScrapeResult.Failure("no answer by the end of the refresh budget"));
        }
        return read;
    }

    /** Starts the next page that can still be fetched, marking those the spent budget leaves out. */
    private void startNext() {
        for (int i = next.getAndIncrement(); i < targets.size(); i = next.getAndIncrement()) {
            long left = deadline.remainingMillis();
            if (left == 0) {
                finish(i, new ScrapeResult.Failure("not scraped: the refresh budget ran out first (" + QueueDepthSource.BUDGET_KEY + ")"));
                continue;
            }
            int index = i;
            fetch.page(targets.get(i), Math.min(timeoutMillis, left)).whenComplete((result, error) -> {
                finish(index, error == null ? result : new ScrapeResult.Failure(PodScraper.describe(error)));
                // through the loop's queue: a page that fails at once would otherwise start the next one inside this call
                context.runOnContext(v -> startNext());
            });
            return;
        }
    }

    private void finish(int index, ScrapeResult result) {
        if (results.compareAndSet(index, null, result)) {
            done.countDown();
        }
    }
}
