package elbow.nn;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderJsonTest {
    @Test
    void values() {
        Map<?, ?> m = (Map<?, ?>) HeaderJson.parse(" {\"a\": [1, -2, 3.5e1, true, false, null], \"b\\\"\\n\\u0041\": {}, \"c\": \"\\/\\t\"}  ");
        assertEquals(List.of(1L, -2L, 35.0, true, false), ((List<?>) m.get("a")).subList(0, 5));
        assertNull(((List<?>) m.get("a")).get(5));
        assertEquals(Map.of(), m.get("b\"\nA"));
        assertEquals("/\t", m.get("c"));
        assertEquals(Long.MAX_VALUE, HeaderJson.parse("9223372036854775807"));
    }

    @Test
    void errorsSayWhere() {
        for (String bad : new String[] {"{", "{\"a\" 1}", "{\"a\": 01}", "{\"a\": 1,}", "[1 2]", "\"unterminated", "{\"a\": \"\u0001\"}", "{} x",
                "{\"a\": \"\\q\"}", "{\"a\": 9223372036854775808}", "{\"a\": -}", "{\"a\": 1.}", "{\"a\": tru}", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeaderJson.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed JSON header at character "), e.getMessage());
        }
    }

    @Test
    void quoteRoundTrips() {
        String s = "a\"b\\c\nd\u0001é";
        assertEquals(s, HeaderJson.parse(HeaderJson.quote(s)));
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001é\"", HeaderJson.quote(s));
    }
}
