// CSVLogger: appends each epoch's logs to a CSV file (Keras' CSVLogger): a header "epoch,loss,..."
// from the first epoch's names, then one row per epoch, numbers in Java's shortest round-trip form
// (Double.toString, so values read back exactly), "NA" for a name an epoch lacks. Each row is
// written and flushed when its epoch ends, so the file is complete up to the last finished epoch.
package dev.tessera.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

public final class CSVLogger implements Callback {
    private final Path file;
    private final boolean append;
    private List<String> columns;

    /** Starts the file afresh at each fit. */
    public CSVLogger(Path file) { this(file, false); }

    /** {@code append}: add rows to an existing file (its header is kept) instead of replacing it. */
    public CSVLogger(Path file, boolean append) {
        this.file = Objects.requireNonNull(file, "CSVLogger: file is null");
        this.append = append;
    }

    @Override
    public void onTrainBegin(TrainingInfo info) {
        columns = null;
        try {
            if (!append) Files.deleteIfExists(file);
            else if (Files.exists(file) && Files.size(file) > 0) columns = header(Files.readAllLines(file, StandardCharsets.UTF_8).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: can't prepare " + file, e);
        }
    }

    private static List<String> header(String line) {
        List<String> names = new ArrayList<>(List.of(line.split(",", -1)));
        names.remove(0); // "epoch"
        return names;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        StringBuilder text = new StringBuilder();
        if (columns == null) {
            columns = new ArrayList<>(logs.keySet());
            text.append("epoch,").append(String.join(",", columns)).append('\n');
        }
        text.append(epoch);
        for (String c : columns) {
            Double v = logs.get(c);
            text.append(',').append(v == null ? "NA" : Double.toString(v));
        }
        text.append('\n');
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: can't write " + file, e);
        }
    }

    public Path file() { return file; }
}
