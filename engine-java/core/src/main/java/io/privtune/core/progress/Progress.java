package io.privtune.core.progress;

/** How long-running steps report progress; the CLI shows bars, tests pass {@link #SILENT}. */
public interface Progress {
    Progress SILENT = (name, total, unit) -> new Task() {
        @Override
        public void advance(long done, long all) {}

        @Override
        public void close() {}
    };

    Task start(String name, long total, String unit);

    interface Task extends ProgressListener, AutoCloseable {
        /** A short status shown beside the bar (loss, accuracy). */
        default void message(String text) {}

        @Override
        void close();
    }
}
