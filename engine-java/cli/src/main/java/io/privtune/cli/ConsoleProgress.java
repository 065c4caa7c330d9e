package io.privtune.cli;

import io.privtune.core.progress.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of one long step: a live bar (me.tongfei:progressbar) on a terminal; when the output is a
 * pipe or log (CI), one plain line every few seconds and a closing line, so logs stay readable.
 */
final class ConsoleProgress implements Progress.Task {
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String task;
    private final String unit;
    private final ProgressBar bar;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private long done;
    private long total;
    private String message = "";

    ConsoleProgress(String task, long total, String unit) {
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.bar = System.console() == null
                ? null
                : new ProgressBarBuilder()
                        .setTaskName(task)
                        .setInitialMax(total)
                        .setUnit(" " + unit, 1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .showSpeed()
                        .setUpdateIntervalMillis(250)
                        .continuousUpdate()
                        .build();
    }

    @Override
    public synchronized void advance(long done, long total) {
        this.done = Math.max(this.done, done);
        this.total = total;
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(this.done);
        } else if (System.nanoTime() - lastLine > LOG_INTERVAL_NANOS) {
            lastLine = System.nanoTime();
            System.out.printf("%s: %d / %d %s %s%n", task, this.done, total, unit, message);
        }
    }

    @Override
    public synchronized void message(String text) {
        this.message = text;
        if (bar != null) {
            bar.setExtraMessage(" " + text);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        } else if (done > 0) {
            System.out.printf(
                    "%s: %d %s in %.1f s %s%n", task, done, unit, (System.nanoTime() - started) / 1e9, message);
        }
    }
}
