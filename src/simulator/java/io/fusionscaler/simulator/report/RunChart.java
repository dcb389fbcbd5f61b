package io.fusionscaler.simulator.report;

import io.fusionscaler.simulator.PolicyResult;
import io.fusionscaler.simulator.Timeline;
import io.fusionscaler.simulator.trace.Trace;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * One PNG per run, drawn by JFreeChart: the trace's production, then every policy's replicas, then every policy's
 * backlog, over a shared time axis. Long runs are reduced to at most {@link #POINTS} points per line, each the
 * largest value of its stretch, so peaks survive.
 */
public final class RunChart {

    static final int POINTS = 1500;
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1000;
    /** One colour per policy in every panel, in the order of the results; readable on white. */
    private static final Color[] PALETTE = {new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4),
        new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD), new Color(0x7F, 0x7F, 0x7F)};

    private RunChart() {
    }

    public static void write(Trace trace, List<PolicyResult> results, Path png) throws IOException {
        int seconds = results.get(0).timeline().seconds();
        boolean hours = seconds > 3 * 3600;
        double unit = hours ? 3600 : 60;
        int step = Math.max(1, (seconds + POINTS - 1) / POINTS);

        XYSeriesCollection production = new XYSeriesCollection(series("produced (msg/s)", seconds, step, unit,
                trace::producedAt));
        XYSeriesCollection replicas = new XYSeriesCollection();
        XYSeriesCollection backlog = new XYSeriesCollection();
        for (PolicyResult result : results) {
            Timeline timeline = result.timeline();
            if (timeline.hasReplicas()) {
                replicas.addSeries(series(result.policy(), seconds, step, unit, timeline::replicasAt));
            }
            backlog.addSeries(series(result.policy(), seconds, step, unit, timeline::backlogAt));
        }

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis(hours ? "time (h)" : "time (min)"));
        plot.setGap(12);
        XYPlot productionPlot = subplot(production, "produced (msg/s)", List.of());
        productionPlot.getRenderer().setSeriesPaint(0, Color.DARK_GRAY);
        plot.add(productionPlot, 1);
        List<String> policies = results.stream().map(PolicyResult::policy).toList();
        plot.add(subplot(replicas, "replicas", policies), 2);
        XYPlot backlogPlot = subplot(backlog, "backlog (messages)", policies);
        plot.add(backlogPlot, 2);
        plot.setFixedLegendItems(backlogPlot.getLegendItems());

        JFreeChart chart = new JFreeChart("What-if: " + trace.name(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYSeries series(String key, int seconds, int step, double unit, IntToLongFunction value) {
        XYSeries series = new XYSeries(key, false, true);
        for (int start = 0; start < seconds; start += step) {
            long max = 0;
            for (int second = start; second < Math.min(seconds, start + step); second++) {
                max = Math.max(max, value.applyAsLong(second));
            }
            series.add(start / unit, max);
        }
        return series;
    }

    /** A panel whose series, keyed by policy name, each get their policy's colour, the same in every panel. */
    private static XYPlot subplot(XYSeriesCollection data, String label, List<String> policies) {
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
            int policy = policies.indexOf(data.getSeriesKey(i).toString());
            if (policy >= 0) {
                renderer.setSeriesPaint(i, PALETTE[policy % PALETTE.length]);
            }
        }
        XYPlot plot = new XYPlot(data, null, new NumberAxis(label), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
