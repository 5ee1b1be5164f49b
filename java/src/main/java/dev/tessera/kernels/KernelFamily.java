// KernelFamily: the numbered versions of one kernel (gemm, elementwise, ...) and the one in use.
// The default is the best version this CPU supports; TESSERA_KERNEL_<FAMILY>=<n> or select(n)
// forces another, which is how tests and benchmarks run every version side by side. A bad
// TESSERA_KERNEL_<FAMILY> is reported on stderr and the default is used.
package dev.tessera.kernels;

import java.util.List;
import java.util.Locale;

public final class KernelFamily {
    private final String name;
    private final String description;
    private final List<KernelVersion> versions;
    private final KernelVersion defaultVersion;
    private volatile KernelVersion selected;

    /** {@code preferred} lists version numbers best first; the first supported one is the default. */
    KernelFamily(String name, String description, List<KernelVersion> versions, int... preferred) {
        this.name = name;
        this.description = description;
        this.versions = List.copyOf(versions);
        KernelVersion best = null;
        for (int p : preferred) {
            KernelVersion v = find(p);
            if (v != null && v.supported()) {
                best = v;
                break;
            }
        }
        this.defaultVersion = best != null ? best : this.versions.get(0);
        String var = "TESSERA_KERNEL_" + name.toUpperCase(Locale.ROOT);
        String env = System.getenv(var);
        KernelVersion chosen = defaultVersion;
        if (env != null && !env.isBlank()) {
            try {
                chosen = version(parse(env));
            } catch (RuntimeException e) {
                // A bad setting must not break every program that touches a kernel: say so, go on.
                System.err.println("tessera: ignoring " + var + "=" + env + ": " + e.getMessage() + "; using " + defaultVersion);
            }
        }
        this.selected = chosen;
    }

    private int parse(String env) {
        try {
            return Integer.parseInt(env.trim().replaceFirst("^v", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TESSERA_KERNEL_" + name.toUpperCase(Locale.ROOT) + "=" + env
                    + ": expected a version number of " + name + " " + versions);
        }
    }

    private KernelVersion find(int number) {
        for (KernelVersion v : versions) if (v.number() == number) return v;
        return null;
    }

    public String name() { return name; }

    public String description() { return description; }

    public List<KernelVersion> versions() { return versions; }

    public KernelVersion defaultVersion() { return defaultVersion; }

    public KernelVersion selected() { return selected; }

    /** The version with this number, or an exception listing the versions there are. */
    public KernelVersion version(int number) {
        KernelVersion v = find(number);
        if (v == null) throw new IllegalArgumentException(name + ": no version " + number + " (versions: " + versions + ")");
        if (!v.supported()) {
            throw new UnsupportedOperationException(name + ": version " + v + " needs CPU features " + v.requiredFeatureNames());
        }
        return v;
    }

    /** Uses version {@code number} from now on (process-wide); returns the one used before. */
    public KernelVersion select(int number) {
        KernelVersion previous = selected;
        selected = version(number);
        return previous;
    }

    /** Back to the default version. */
    public void reset() { selected = defaultVersion; }
}
