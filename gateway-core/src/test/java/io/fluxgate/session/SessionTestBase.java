package io.fluxgate.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Session pipeline tests: harnesses closed after each test, and small helpers. */
abstract class SessionTestBase {
    /** Limits high enough that a test's commands are never rate limited. */
    static final String ROOMY = "limits:\n  ratePerSecond: 1000\n  burst: 1000\n";
    final List<SessionHarness> harnesses = new ArrayList<>();

    SessionHarness harness(String yaml) {
        SessionHarness h = new SessionHarness(yaml);
        harnesses.add(h);
        return h;
    }

    @AfterEach
    void closeHarnesses() {
        harnesses.forEach(SessionHarness::close);
    }

    static String type(JsonNode n) {
        return n.get("type").textValue();
    }
}
