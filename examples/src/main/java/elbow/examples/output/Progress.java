package elbow.examples.output;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr with ETA and a running message (the current ELBO), for long loops. */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    public Progress(String task, long total) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    public void step(String message) {
        bar.step();
        bar.setExtraMessage(message);
    }

    @Override
    public void close() {
        bar.close();
    }
}
