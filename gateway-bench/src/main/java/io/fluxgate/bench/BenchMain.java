package io.fluxgate.bench;

import io.fluxgate.bench.baseline.BaselineCommand;
import io.fluxgate.bench.report.Report;
import io.fluxgate.bench.scenario.BroadcastScenario;
import io.fluxgate.bench.scenario.BurstScenario;
import io.fluxgate.bench.scenario.ConnectScenario;
import io.fluxgate.bench.scenario.EchoScenario;
import io.fluxgate.bench.scenario.RawEchoScenario;
import io.fluxgate.bench.scenario.ResumeScenario;
import io.fluxgate.bench.scenario.ScenarioCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar fluxgate-bench.jar <scenario> [options]}: the load generator's entry point. */
@Command(name = "fluxgate-bench", mixinStandardHelpOptions = true, version = "fluxgate-bench 0.1.0",
        description = "Load generator for Fluxgate (and any WebSocket echo server): loopback targets only, bounded in "
                + "count and time, HdrHistogram latencies with warm-up excluded.",
        subcommands = {ConnectScenario.class, EchoScenario.class, BroadcastScenario.class, BurstScenario.class,
                ResumeScenario.class, RawEchoScenario.class, CompareCommand.class, BaselineCommand.class})
public final class BenchMain implements Runnable {
    /** Exit status for bad arguments. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; returns the exit status. */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        try {
            pin(args);
            return cl.execute(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fluxgate-bench: " + e.getMessage());
            return USAGE;
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("fluxgate-bench " + cmd.getCommandName() + ": " + e.getMessage());
                return USAGE;
            }
            cmd.getErr().println("fluxgate-bench " + cmd.getCommandName() + ": failed: " + e);
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("fluxgate-bench: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        return cl;
    }

    /** Parses a scenario command line and runs it in this process, returning its report (compare, tests). */
    public static Report produce(List<String> args) throws Exception {
        CommandLine cl = commandLine();
        CommandLine.ParseResult pr = cl.parseArgs(args.toArray(String[]::new));
        if (!pr.hasSubcommand() || !(pr.subcommand().commandSpec().userObject() instanceof ScenarioCommand sc)) {
            throw new IllegalArgumentException("scenario: " + args + " (expected: connect, echo, broadcast, burst, "
                    + "resume or raw-echo with options)");
        }
        return sc.args(args.subList(1, args.size())).produce();
    }

    /** --cpu LIST: pins this process (all threads, and what it spawns later) with taskset. */
    static void pin(String[] args) {
        String cpu = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cpu") && i + 1 < args.length) {
                cpu = args[i + 1];
            } else if (args[i].startsWith("--cpu=")) {
                cpu = args[i].substring(6);
            }
        }
        if (cpu == null) {
            return;
        }
        if (!cpu.matches("[0-9]+([-,][0-9]+)*")) {
            throw new IllegalArgumentException("cpu: " + cpu + " (expected: a CPU list such as 1, 0-1 or 0,2)");
        }
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpu,
                    String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IllegalArgumentException("cpu: " + cpu + " (expected: CPUs taskset accepts: " + out + ")");
            }
            System.err.println("pinned to CPU " + cpu + " (taskset)");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cpu: " + cpu + " (expected: taskset on the PATH: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
