package io.fluxgate.bench.scenario;

import io.fluxgate.bench.Run;
import io.fluxgate.bench.client.Inbound;
import io.fluxgate.bench.client.WsClient;
import io.fluxgate.bench.client.WsConnection;
import io.fluxgate.bench.report.Report;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;

/** Ramps up --connections sockets, holds them idle for --duration, and reports connect times and server memory. */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Ramp N sockets at --connect-rate, hold them idle for --duration; connect time p50/p99/max, "
                + "failures by reason, server RSS (and heap) per connection with --server-pid (--metrics-url).")
public final class ConnectScenario extends ScenarioCommand {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    protected boolean splittable() {
        return true;
    }

    @Override
    protected Report execute(Run run) throws Exception {
        int n = o.share(o.connections);
        LongAdder unexpected = new LongAdder();
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        WsConnection.Listener idle = new WsConnection.Listener() {
            @Override
            public void onMessage(WsConnection c, Inbound m, long nanos) {
            }

            @Override
            public void onClose(WsConnection c, int code) {
                if (!closing.get()) {
                    unexpected.increment();
                }
            }
        };
        Connector connector = new Connector(run);
        String prefix = run.clientPrefix();
        List<WsConnection> conns = Connector.opened(connector.open(n, i -> "client=" + prefix + i, i -> idle, false));
        run.beginMeasure();
        run.holdMeasure(() -> (conns.size() - unexpected.sum()) + " held, " + unexpected.sum() + " dropped");
        run.endMeasure();
        long held = conns.stream().filter(WsConnection::isOpen).count();
        closing.set(true);
        WsClient.closeAll(conns);
        Report r = new Report(name(), run.target().toString());
        connector.report(r);
        r.count("held at end", held);
        r.count("unexpected closes", unexpected.sum());
        r.param("connect-rate", o.connectRate).param("transport", WsClient.transport());
        return r;
    }
}
