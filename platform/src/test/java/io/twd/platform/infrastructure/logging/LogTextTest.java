package io.twd.platform.infrastructure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values from outside go into a log line quoted, on one line, as what they are. */
class LogTextTest {

    @Test
    void aLineBreakOrQuoteInAValueCannotForgeALogLine() {
        String forged = "Ordered\n[12/7/26 10:00:00:000 UTC] 00000001 SystemOut O Order 1 shipped\r\u2028\u0085\u001b[31m";
        String quoted = LogText.quote(forged);
        assertThat(quoted).doesNotContain("\n", "\r", "\u2028", "\u0085", "\u001b");
        assertThat(quoted).startsWith("\"Ordered\\n[12/7/26").contains("\\r\\u2028\\u0085\\u001b[31m").endsWith("\"");
        assertThat(LogText.quote("a\"b\\c\td")).isEqualTo("\"a\\\"b\\\\c\\td\"");
    }

    @Test
    void anOrdinaryValueIsOnlyQuotedAndALongOneIsCut() {
        assertThat(LogText.quote("/orders/12")).isEqualTo("\"/orders/12\"");
        assertThat(LogText.quote("주문")).isEqualTo("\"주문\"");
        assertThat(LogText.quote(null)).isEqualTo("null");
        assertThat(LogText.quote("x".repeat(500))).hasSize(LogText.MAX_LENGTH + 5).endsWith("...\"");
    }
}
