package dev.calicoctl.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {
    @ParameterizedTest
    @CsvSource({"10.0.0.0/33", "abc", "10.0.0.0", "10.0.0/8", "256.0.0.0/8", "10.0.0.0/", "10.0.0.0/-1", "::/129", "1::2::3/64", "01.0.0.0/8"})
    void rejectsInvalid(String text) {
        assertThat(Cidr.tryParse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "172.16.0.0/26, 172.16.0.0/26, true",
            "172.16.0.5/26, 172.16.0.0/26, false",
            "fd00::/48, fd00::/48, true",
            "FD00:0:0:0::/48, fd00::/48, true",
            "2001:db8::1/128, 2001:db8::1/128, true",
            "::ffff:10.0.0.1/128, ::ffff:a00:1/128, true",
    })
    void canonicalForm(String text, String canonical, boolean masked) {
        Cidr c = Cidr.parse(text);
        assertThat(c.toString()).isEqualTo(canonical);
        assertThat(c.isMasked()).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/8, 10.1.0.0/16, true", "10.0.0.0/16, 10.1.0.0/16, false", "172.16.0.0/24, 172.16.0.0/26, true", "fd00::/64, fd00::1:0/112, true", "10.0.0.0/8, fd00::/8, false"})
    void overlap(String a, String b, boolean overlaps) {
        assertThat(Cidr.parse(a).overlaps(Cidr.parse(b))).isEqualTo(overlaps);
        assertThat(Cidr.parse(b).overlaps(Cidr.parse(a))).isEqualTo(overlaps);
    }

    @Property
    void ipv4TextRoundTrips(@ForAll @IntRange(min = 0) int hi, @ForAll @IntRange(min = 0, max = 1) int bit) {
        long v = ((long) hi << 1 | bit) & 0xFFFFFFFFL;
        IpAddress a = IpAddress.v4(v);
        assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
    }

    @Property
    void ipv6TextRoundTrips(@ForAll long hi, @ForAll long lo) {
        IpAddress a = IpAddress.v6(hi, lo);
        assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
    }

    @Property
    void everyAddressOfABlockIsInsideIt(@ForAll @IntRange(min = 0) int base, @ForAll @IntRange(min = 20, max = 32) int prefix,
                                        @ForAll @IntRange(min = 0, max = 4095) int offset) {
        Cidr block = new Cidr(IpAddress.v4(base & 0xFFFFFFFFL), prefix).masked();
        long inside = offset % block.size();
        assertThat(block.contains(block.network().plus(inside))).isTrue();
        assertThat(block.last()).isEqualTo(block.network().plus(block.size() - 1));
        if (block.network().lo() + block.size() <= 0xFFFFFFFFL) {
            assertThat(block.contains(block.network().plus(block.size()))).isFalse();
        }
    }

    @Property
    void ipv6PlusCarriesIntoHighWord(@ForAll long hi, @ForAll @IntRange(min = 1, max = 1000) int n) {
        IpAddress a = IpAddress.v6(hi, -1L);
        IpAddress b = a.plus(n);
        assertThat(b.hi()).isEqualTo(hi + 1);
        assertThat(b.lo()).isEqualTo(n - 1L);
        assertThat(b.plus(-n)).isEqualTo(a);
    }
}
