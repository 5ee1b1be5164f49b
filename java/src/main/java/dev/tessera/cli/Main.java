// Main: the `tessera` command line (picocli). The launcher script at the repository root builds
// the jar and calls this class for every subcommand except `test`, `bench` and `data`, which it
// runs itself (through Maven, the JMH jar, apt-get and npm); those are declared here too so that
// `--help` lists and explains everything. Exit codes: 0 ok, 1 the command failed, 2 wrong arguments.
package dev.tessera.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

@Command(name = "tessera",
        mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class,
        description = "Tessera: a from-scratch tensor engine for the JVM (C++/CUDA kernels behind a JavaCPP bridge).",
        subcommands = {InfoCommand.class, DemoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
                GradcheckCommand.class, TestCommand.class, BenchCommand.class, DataCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Every command takes --json: its last stdout line is then one JSON object.",
                "Run 'tessera COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit code for wrong arguments (picocli's USAGE). */
    public static final int EXIT_USAGE = 2;

    @Override
    public void run() {
        // `tessera` alone: show what there is to run.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests can call execute on it without exiting). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(new ShortUsageOnError());
        cl.setExecutionExceptionHandler(new ReportFailure());
        return cl;
    }

    /** Wrong arguments: the error, the command's synopsis and where to read more, on stderr; exit 2. */
    static final class ShortUsageOnError implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("tessera: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.print(cmd.getHelp().synopsis(0));
            if (!cmd.getSubcommands().isEmpty()) {
                err.println("Commands: " + String.join(", ", cmd.getSubcommands().keySet()));
            }
            err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        }
    }

    /** A command threw: one line naming the error (the stack trace only with TESSERA_DEBUG=1); exit 1. */
    static final class ReportFailure implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
            // A command that finds a wrong argument while running reports it as a usage error.
            if (ex instanceof ParameterException) return new ShortUsageOnError().handleParseException((ParameterException) ex, null);
            PrintWriter err = cmd.getErr();
            String message = ex.getMessage() != null ? ex.getMessage() : ex.toString();
            err.println("tessera " + cmd.getCommandName() + ": " + message);
            if ("1".equals(System.getenv("TESSERA_DEBUG"))) ex.printStackTrace(err);
            else err.println("(set TESSERA_DEBUG=1 for the stack trace)");
            err.flush();
            return 1;
        }
    }
}
