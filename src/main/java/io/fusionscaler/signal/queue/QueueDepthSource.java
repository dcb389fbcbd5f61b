package io.fusionscaler.signal.queue;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.podhttp.BoundedGet;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.RefreshRequests;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalSource;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue depth for every tracked queue trigger. The engine refreshes one lane per namespace: a refresh asks
 * {@link QueuePods} for each trigger's pods, scrapes every distinct page of the namespace once ({@link PodScraper}),
 * reads each page once ({@link PrometheusText}) and sums each trigger's series over its pods ({@link PodFigures}).
 */
@ApplicationScoped
public class QueueDepthSource implements SignalSource<QueueTrigger> {

    static final String BUDGET_KEY = "fusion.queue.refresh-budget";

    private final QueueConfig config;
    private final QueuePods pods;
    private final InstantSource clock;
    private final PodScraper scraper;
    private final Map<QueueTrigger, PodFigures> figures = new ConcurrentHashMap<>();

    @Inject
    public QueueDepthSource(QueueConfig config, QueuePods pods, InstantSource clock, Vertx vertx) {
        this(config, pods, clock, new PodScraper(vertx, ScrapeSettings.of(config)));
    }

    QueueDepthSource(QueueConfig config, QueuePods pods, InstantSource clock, PodScraper scraper) {
        this.config = config;
        this.pods = pods;
        this.clock = clock;
        this.scraper = scraper;
    }

    @Override
    public Class<QueueTrigger> specType() {
        return QueueTrigger.class;
    }

    @Override
    public SignalPace pace() {
        return new SignalPace(config.refreshInterval(), config.refreshBudget(), config.stalenessLimit(), BUDGET_KEY);
    }

    /** Stops startup on settings that could never work, naming each. */
    @Override
    public void start(RefreshRequests requests) {
        List<String> problems = BoundedGet.limitProblems("fusion.queue.scrape-timeout", config.scrapeTimeout(), BUDGET_KEY,
                config.refreshBudget(), "pod", "fusion.queue.max-response-size", config.maxResponseSize().asLongValue());
        if (config.scrapeConcurrency() < 1) {
            problems.add("fusion.queue.scrape-concurrency must be >= 1, got " + config.scrapeConcurrency());
        }
        config.tlsCaFile().filter(file -> !Files.isReadable(file))
                .ifPresent(file -> problems.add("fusion.queue.tls-ca-file " + file + " is not a readable file"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid queue configuration:\n - " + String.join("\n - ", problems));
        }
    }

    @Override
    public Map<QueueTrigger, SignalOutcome> refresh(Set<QueueTrigger> specs, RefreshDeadline deadline) {
        Map<QueueTrigger, SignalOutcome> outcomes = new HashMap<>();
        try {
            Map<QueueTrigger, PodLookup.Found> found = new HashMap<>();
            for (QueueTrigger spec : specs) {
                PodLookup lookup = lookup(spec, deadline);
                if (lookup instanceof PodLookup.Found f) {
                    found.put(spec, f);
                } else {
                    figures.remove(spec);
                    outcomes.put(spec, lookup instanceof PodLookup.ScaledToZero zero
                            ? new SignalOutcome.Absent(zero.target() + " has 0 replicas: no pod holds a queue (set "
                            + QueueTriggerParser.POD_SELECTOR + " to wake it on its callers' queues)")
                            : new SignalOutcome.Failed(((PodLookup.Unknown) lookup).reason()));
                }
            }
            Map<ScrapeTarget, ReadPage> pages = scrapeAndRead(found, deadline);
            Instant now = clock.instant();
            found.forEach((spec, lookup) -> outcomes.put(spec, measure(spec, lookup, pages, now)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            specs.forEach(spec -> outcomes.putIfAbsent(spec, new SignalOutcome.Failed("refresh interrupted")));
        } catch (RuntimeException e) {
            String reason = "refresh of namespace " + specs.iterator().next().namespace() + " failed: " + PodScraper.describe(e);
            specs.forEach(spec -> outcomes.putIfAbsent(spec, new SignalOutcome.Failed(reason)));
        }
        return outcomes;
    }

    @Override
    public void forget(QueueTrigger spec) {
        figures.remove(spec);
    }

    @PreDestroy
    void close() {
        scraper.close();
    }

    private PodLookup lookup(QueueTrigger spec, RefreshDeadline deadline) {
        if (spec.pods() instanceof PodSource.SelectedPods selected) {
            return pods.selectedPods(spec.namespace(), selected.selector(), deadline);
        }
        return pods.targetPods(spec.namespace(), ((PodSource.TargetPods) spec.pods()).scaledObject(), deadline);
    }

    /** Each distinct page once, read once, keeping only the metrics and labels some trigger of the lane asks for. */
    private Map<ScrapeTarget, ReadPage> scrapeAndRead(Map<QueueTrigger, PodLookup.Found> found, RefreshDeadline deadline)
            throws InterruptedException {
        Set<ScrapeTarget> targets = new LinkedHashSet<>();
        Set<String> metrics = new HashSet<>();
        Set<String> labels = new HashSet<>();
        found.forEach((spec, lookup) -> {
            spec.query().subtract().ifPresent(metrics::add);
            metrics.add(spec.query().metric());
            spec.query().labels().forEach(matcher -> labels.add(matcher.name()));
            lookup.pods().stream().filter(QueuePod::scrapable).forEach(pod -> targets.add(spec.endpoint().on(pod.ip())));
        });
        Map<ScrapeTarget, ReadPage> read = new HashMap<>();
        scraper.scrapeAll(targets, deadline).forEach((target, result) -> read.put(target, ReadPage.of(result, metrics, labels)));
        return read;
    }

    /** One pod's page as read: its samples, or why there are none (not fetched, or not valid exposition text). */
    private record ReadPage(List<Sample> samples, String problem) {

        static ReadPage of(ScrapeResult result, Set<String> metrics, Set<String> labels) {
            if (result instanceof ScrapeResult.Failure failure) {
                return new ReadPage(List.of(), failure.reason());
            }
            ParsedText parsed = PrometheusText.parse(((ScrapeResult.Page) result).text(), metrics, labels);
            if (parsed instanceof ParsedText.Malformed malformed) {
                return new ReadPage(List.of(), "invalid exposition text, " + malformed.describe());
            }
            return new ReadPage(((ParsedText.Samples) parsed).samples(), null);
        }

        SeriesQuery.PageFigure figure(SeriesQuery query) {
            return problem == null ? query.evaluate(samples) : new SeriesQuery.PageFigure.Unusable(problem);
        }
    }

    private SignalOutcome measure(QueueTrigger spec, PodLookup.Found lookup, Map<ScrapeTarget, ReadPage> pages, Instant now) {
        List<String> scraped = new ArrayList<>();
        Map<String, SeriesQuery.PageFigure> figuresByPod = new HashMap<>();
        for (QueuePod pod : lookup.pods()) {
            if (!pod.scrapable()) {
                continue;
            }
            scraped.add(pod.name());
            figuresByPod.put(pod.name(), pages.get(spec.endpoint().on(pod.ip())).figure(spec.query()));
        }
        PodFigures.Aggregate aggregate = figures.computeIfAbsent(spec, s -> new PodFigures(s.query()))
                .update(scraped, figuresByPod, now, config.stalenessLimit());
        return QueueReading.outcome(spec, lookup, aggregate);
    }
}
