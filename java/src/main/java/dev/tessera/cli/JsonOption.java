// JsonOption: the `--json` flag every command mixes in. With it, a command's last stdout line is
// exactly one JSON object (human-readable text, if any, comes before it).
package dev.tessera.cli;

import picocli.CommandLine.Option;

public final class JsonOption {
    @Option(names = "--json", description = "Print one JSON object as the last line of output.")
    boolean json;

    public boolean enabled() { return json; }
}
