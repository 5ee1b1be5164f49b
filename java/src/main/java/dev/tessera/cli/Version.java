// Version: the Tessera version as packaged (Maven's pom.properties in the jar), plus the native
// library's own version string, for `--version` and `tessera info`.
package dev.tessera.cli;

import dev.tessera.bridge.TesseraNative;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

public final class Version {
    private Version() {}

    /** The library's version, e.g. "0.1.0-SNAPSHOT" ("unknown" when run from loose classes). */
    public static String tessera() {
        try (InputStream in = Version.class.getResourceAsStream("/META-INF/maven/dev.tessera/tessera/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The version libtessera_native was built as (ts_version). */
    public static String nativeLibrary() {
        TesseraNative.load();
        return TesseraNative.ts_version();
    }

    /** picocli's --version text. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "tessera " + tessera() + " (native " + nativeLibrary() + ")",
                "JVM: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
            };
        }
    }
}
