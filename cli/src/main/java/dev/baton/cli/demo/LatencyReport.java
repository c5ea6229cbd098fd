package dev.baton.cli.demo;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the latency histogram as HdrHistogram's percentile distribution ({@code .hgrm}, microseconds)
 * and as a self-contained HTML page: an inline SVG plot of latency by percentile on a log axis (as
 * HdrHistogram's plotter draws it) and the run's summary numbers. No scripts, no external files.
 */
final class LatencyReport {
    private static final int WIDTH = 880;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 30;
    private static final int BOTTOM = 60;
    private static final String[] X_LABELS = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};

    private LatencyReport() {
    }

    /** Writes {@code h} (nanoseconds) as a percentile distribution in microseconds. */
    static void writeHgrm(final Path file, final Histogram h) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
             PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(ps, 1000.0);
        }
    }

    /**
     * Writes the HTML page.
     *
     * @param timeline the latency over the run's time, or null for none.
     * @param title    the page's title.
     * @param note     what the latency measures.
     * @param summary  label to value, shown as a table above the plot.
     */
    static void writeHtml(final Path file, final Histogram h, final LatencyTimeline timeline, final String title,
                          final String note, final Map<String, String> summary) throws IOException {
        final StringBuilder s = new StringBuilder(32_768);
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
            .append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}"
                + "table{border-collapse:collapse}td{padding:2px 12px 2px 0}td.n{text-align:right;"
                + "font-variant-numeric:tabular-nums}svg text{font:12px system-ui,sans-serif}</style></head><body>\n")
            .append("<h1>").append(esc(title)).append("</h1>\n<p>").append(esc(note)).append("</p>\n<table>\n");
        for (final Map.Entry<String, String> e : summary.entrySet()) {
            s.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(esc(e.getValue()))
                .append("</td></tr>\n");
        }
        s.append("</table>\n<h2>By percentile</h2>\n");
        svg(s, h);
        if (timeline != null && timeline.buckets() > 0) {
            s.append("\n<h2>Over time</h2>\n<p>The largest latency completed in each ")
                .append(LatencyTimeline.BUCKET_NANOS / 1_000_000).append(" ms of the run: stalls show as spikes, "
                    + "at the time they happened.</p>\n");
            LatencyTimelinePlot.svg(s, timeline);
        }
        s.append("\n<p>The same distribution as text: the <code>.hgrm</code> file next to this page "
            + "(HdrHistogram's percentile format, values in microseconds).</p>\n</body></html>\n");
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }

    private static void svg(final StringBuilder s, final Histogram h) {
        final List<double[]> points = new ArrayList<>();
        final long count = h.getTotalCount();
        // The axis ends where the samples do: with N samples the highest percentile resolved is 1 - 1/N.
        final double xMax = Math.max(1, Math.min(X_LABELS.length - 1, Math.log10(Math.max(10, count))));
        for (final HistogramIterationValue v : h.percentiles(5)) {
            final double p = v.getPercentileLevelIteratedTo() / 100.0;
            final double x = p >= 1 ? xMax : Math.min(xMax, Math.log10(1 / (1 - p)));
            points.add(new double[] {x, Math.max(0.001, v.getValueIteratedTo() / 1000.0)});
        }
        points.add(new double[] {xMax, Math.max(0.001, h.getMaxValue() / 1000.0)});
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (final double[] p : points) {
            lo = Math.min(lo, p[1]);
            hi = Math.max(hi, p[1]);
        }
        final double yMin = Math.floor(Math.log10(lo));
        final double yMax = Math.max(yMin + 1, Math.ceil(Math.log10(hi)));
        final int w = WIDTH - LEFT - RIGHT;
        final int ht = HEIGHT - TOP - BOTTOM;
        s.append("<svg id=\"percentile-plot\" data-points=\"").append(points.size())
            .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n")
            .append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(w)
            .append("\" height=\"").append(ht).append("\" fill=\"#fafafa\" stroke=\"#999\"/>\n");
        for (int i = 0; i <= (int) Math.floor(xMax); i++) {
            final double x = LEFT + w * i / xMax;
            s.append(line(x, TOP, x, TOP + ht, "#ddd")).append(text(x, TOP + ht + 18, "middle", X_LABELS[i]));
        }
        s.append(text(LEFT + w, TOP - 8, "end", "max (" + count + " samples)"));
        for (int e = (int) yMin; e <= (int) yMax; e++) {
            final double y = TOP + ht - ht * (e - yMin) / (yMax - yMin);
            s.append(line(LEFT, y, LEFT + w, y, "#ddd")).append(text(LEFT - 8, y + 4, "end", micros(Math.pow(10, e))));
        }
        s.append(text(LEFT + w / 2.0, HEIGHT - 14, "middle", "percentile (log scale of 1/(1-p))"))
            .append("<text x=\"18\" y=\"").append(TOP + ht / 2).append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
            .append(TOP + ht / 2).append(")\">latency (log scale)</text>\n<polyline fill=\"none\" stroke=\"#1f5fbf\" "
                + "stroke-width=\"2\" points=\"");
        for (final double[] p : points) {
            final double x = LEFT + w * p[0] / xMax;
            final double y = TOP + ht - ht * (Math.log10(p[1]) - yMin) / (yMax - yMin);
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        s.append("\"/>\n</svg>\n");
    }

    static String micros(final double us) {
        if (us >= 1_000_000) {
            return String.format(Locale.ROOT, "%.0f s", us / 1e6);
        }
        if (us >= 1000) {
            return String.format(Locale.ROOT, "%.0f ms", us / 1e3);
        }
        return us >= 1 ? String.format(Locale.ROOT, "%.0f µs", us) : String.format(Locale.ROOT, "%.0f ns", us * 1e3);
    }

    static String line(final double x1, final double y1, final double x2, final double y2, final String c) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
            x1, y1, x2, y2, c);
    }

    static String text(final double x, final double y, final String anchor, final String t) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor,
            esc(t));
    }

    private static String esc(final String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
