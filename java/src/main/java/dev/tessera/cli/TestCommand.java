// TestCommand: `tessera test` runs the whole Maven test build (`mvn -B verify` from the repository
// root, Surefire summaries visible). The launcher script does the running; this class exists so
// that `tessera --help` and `tessera test --help` describe it, and so that calling the jar
// directly says what to do instead of failing.
package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the test build: 'mvn -B [MAVEN_ARG...] verify' from the repository root",
                "(native library, JUnit suites, benchmarks), with Surefire's 'Tests run:' lines shown.",
                "The ./tessera launcher runs it; extra arguments go to Maven before the goal."},
        footer = {"", "Examples:",
                "  ./tessera test",
                "  ./tessera test clean                    # rebuild everything first",
                "  ./tessera test -pl tests -am            # the tests module and what it needs",
                "  ./tessera test -pl tests -am -Dtest=ScopeTest -Dsurefire.failIfNoSpecifiedTests=false",
                "  TESSERA_KERNEL_MATMUL=0 ./tessera test  # force a kernel version for the run",
                "",
                "With --json the last line is {\"command\":\"test\",\"exitCode\":N,\"testsRun\":N,...}."})
public final class TestCommand implements Runnable {
    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "MAVEN_ARG", arity = "0..*", description = "Extra arguments passed to Maven.")
    List<String> mavenArgs;

    @Override
    public void run() {
        System.out.println("Run the tests from the repository root with:  ./tessera test"
                + (mavenArgs == null ? "" : " " + String.join(" ", mavenArgs)));
        System.out.println("(that runs: mvn -B " + (mavenArgs == null ? "" : String.join(" ", mavenArgs) + " ") + "verify)");
        if (json.enabled()) {
            System.out.println(Json.object().put("command", "test").put("run", "./tessera test").put("ran", false));
        }
    }
}
