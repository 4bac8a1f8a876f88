package io.fluxgate.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict exposition-format parser the metrics tests rely on accepts the format and rejects deviations. */
class PrometheusTextTest {
    private static final String VALID = """
            # HELP up_total Things.\\nWith a \\\\ newline.
            # TYPE up_total counter
            up_total{code="1000",reason="a \\"quoted\\" \\\\ value\\n"} 3.0
            up_total{code="client"} 0 1700000000000
            # a plain comment
            # TYPE g gauge
            g -1.5e-3
            g{a="b"} NaN
            # TYPE h histogram
            h_bucket{le="0.5"} 1
            h_bucket{le="1.0"} 2
            h_bucket{le="+Inf"} 2
            h_count 2
            h_sum 1.25
            """;

    @Test
    void acceptsTheFormat() {
        PrometheusText p = PrometheusText.parse(VALID);
        assertThat(p.value("up_total", "code", "1000", "reason", "a \"quoted\" \\ value\n")).isEqualTo(3.0);
        assertThat(p.sum("up_total")).isEqualTo(3.0);
        assertThat(p.family("up_total").help()).isEqualTo("Things.\nWith a \\ newline.");
        assertThat(p.family("h").type()).isEqualTo("histogram");
        assertThat(p.value("h_count")).isEqualTo(2);
        assertThat(Double.isNaN(p.value("g", "a", "b"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x 1",                                           // no final newline
        "x 1\n\n",                                       // empty line
        "1x 1\n",                                        // bad metric name
        "x{1a=\"v\"} 1\n",                               // bad label name
        "x{a=v} 1\n",                                    // unquoted label value
        "x{a=\"v\\t\"} 1\n",                             // bad escape
        "x{a=\"v\",a=\"w\"} 1\n",                        // label twice
        "x{a=\"v\" 1\n",                                 // unterminated labels
        "x one\n",                                       // bad value
        "x 1 12.5\n",                                    // bad timestamp
        "x  1\n",                                        // two spaces
        "# TYPE x countr\nx 1\n",                        // bad type
        "x 1\n# TYPE x gauge\n",                         // TYPE after samples
        "# TYPE x gauge\n# TYPE x gauge\nx 1\n",         // second TYPE
        "# TYPE x gauge\nx 1\nx 2\n",                    // duplicate series
        "# TYPE x gauge\nx{a=\"1\"} 1\n# TYPE y gauge\ny 1\nx{a=\"2\"} 1\n", // not contiguous
        "# TYPE c_total counter\nc_total -1\n",          // negative counter
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n",                     // no +Inf
        "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n", // decreasing
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 2\nh_sum 1\n",                   // count differs
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",                            // no sum
        "# TYPE h histogram\nh 1\n",                                                            // wrong sample name
    })
    void rejectsDeviations(String text) {
        assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
