package dev.baton.cli.demo;

import java.util.Locale;

/**
 * The demo page's latency-over-time plot: an inline SVG of the largest latency per time bucket (log
 * axis) against the run's seconds, the worst bucket marked.
 * <p>
 * <b>Note:</b> stateless.
 */
final class LatencyTimelinePlot {
    private static final int WIDTH = 880;
    private static final int HEIGHT = 300;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private LatencyTimelinePlot() {
    }

    /** Appends the SVG of {@code t} (which has at least one bucket). */
    static void svg(final StringBuilder s, final LatencyTimeline t) {
        final int n = t.buckets();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        int worst = 0;
        int points = 0;
        for (int b = 0; b < n; b++) {
            if (t.count(b) > 0) {
                final double us = Math.max(0.001, t.max(b) / 1000.0);
                lo = Math.min(lo, us);
                hi = Math.max(hi, us);
                worst = t.max(b) > t.max(worst) ? b : worst;
                points++;
            }
        }
        final double yMin = Math.floor(Math.log10(lo));
        final double yMax = Math.max(yMin + 1, Math.ceil(Math.log10(hi)));
        final double seconds = n * (LatencyTimeline.BUCKET_NANOS / 1e9);
        final int w = WIDTH - LEFT - RIGHT;
        final int ht = HEIGHT - TOP - BOTTOM;
        s.append("<svg id=\"timeline-plot\" data-points=\"").append(points)
            .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n<rect x=\"").append(LEFT)
            .append("\" y=\"").append(TOP).append("\" width=\"").append(w).append("\" height=\"").append(ht)
            .append("\" fill=\"#fafafa\" stroke=\"#999\"/>\n");
        final double step = niceStep(seconds);
        for (double x0 = 0; x0 <= seconds + 1e-9; x0 += step) {
            final double x = LEFT + w * x0 / seconds;
            s.append(LatencyReport.line(x, TOP, x, TOP + ht, "#ddd"))
                .append(LatencyReport.text(x, TOP + ht + 18, "middle", String.format(Locale.ROOT, "%.3g s", x0)));
        }
        for (int e = (int) yMin; e <= (int) yMax; e++) {
            final double y = TOP + ht - ht * (e - yMin) / (yMax - yMin);
            s.append(LatencyReport.line(LEFT, y, LEFT + w, y, "#ddd"))
                .append(LatencyReport.text(LEFT - 8, y + 4, "end", LatencyReport.micros(Math.pow(10, e))));
        }
        s.append(LatencyReport.text(LEFT + w / 2.0, HEIGHT - 10, "middle", "time since the run started"))
            .append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" points=\"");
        for (int b = 0; b < n; b++) {
            if (t.count(b) > 0) {
                s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(b, n, w), y(t.max(b), yMin, yMax, ht)));
            }
        }
        final double wx = x(worst, n, w);
        final double wy = y(t.max(worst), yMin, yMax, ht);
        s.append("\"/>\n").append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#c0392b\"/>%n",
            wx, wy)).append(LatencyReport.text(Math.min(wx + 8, LEFT + w - 4), Math.max(wy - 6, TOP + 12),
            wx + 8 > LEFT + w - 160 ? "end" : "start", "worst: " + LatencyReport.micros(t.max(worst) / 1000.0) + " at "
                + String.format(Locale.ROOT, "%.2f s", worst * (LatencyTimeline.BUCKET_NANOS / 1e9))))
            .append("</svg>\n");
    }

    private static double x(final int bucket, final int buckets, final int w) {
        return LEFT + w * (bucket + 0.5) / buckets;
    }

    private static double y(final long nanos, final double yMin, final double yMax, final int ht) {
        final double us = Math.max(0.001, nanos / 1000.0);
        return TOP + ht - ht * (Math.log10(us) - yMin) / (yMax - yMin);
    }

    /** @return a round tick step giving 4 to 10 ticks over {@code seconds}. */
    static double niceStep(final double seconds) {
        final double raw = seconds / 6;
        final double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        final double r = raw / mag;
        return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
    }
}
