package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of assign / assign-one / release / release-by-handle / configure / reserve
 * against a real local store; after every step the invariants of shared/spec/ipam.md hold and
 * the engine agrees with a model of which address belongs to which handle.
 */
class IpamInvariantsPropertyTest {
    public record Op(int kind, int node, int count, int pick) {}

    @Provide
    public Arbitrary<Op> ops() {
        return net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 10_000)).as(Op::new);
    }

    @Property(tries = 40)
    void invariantsHoldAfterEveryOperation(@ForAll @Size(min = 5, max = 40) List<@net.jqwik.api.From("ops") Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("ipam-prop");
        try (IpamFixture f = new IpamFixture(dir)) {
            runSequence(f, ops);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The same sequences, with every step's invariants, on any backend. */
    static void runSequence(IpamFixture f, List<Op> ops) {
        {
            f.pool("a", "10.0.0.0/26", "  blockSize: 29\n");
            f.pool("b", "10.1.0.0/27", "  blockSize: 30\n");
            Map<IpAddress, String> owner = new HashMap<>(); // model: address -> handle
            int handleSeq = 0;
            for (Op op : ops) {
                String node = "node-" + op.node();
                Random rnd = new Random(op.pick());
                switch (op.kind()) {
                    case 0, 1, 2, 3 -> {
                        String h = "h" + (handleSeq++);
                        try {
                            Reservations reserved = f.ipam.reservations();
                            for (IpAddress a : f.assign(node, h, op.count())) {
                                assertThat(reserved.matches(a)).as("reserved address handed out: " + a).isFalse();
                                assertThat(owner.put(a, h)).as("address handed out twice: " + a).isNull();
                            }
                        } catch (IpamException exhausted) {
                            // pools can run out; nothing may have been kept
                            assertThat(f.ipam.handle(h)).isEmpty();
                        }
                    }
                    case 4 -> {
                        IpAddress a = IpAddress.parse(op.pick() % 2 == 0 ? "10.0.0.0" : "10.1.0.0").plus(rnd.nextInt(32));
                        String h = "h" + (handleSeq++);
                        try {
                            f.ipam.assignIp(a, h, Map.of("node", node), node);
                            assertThat(owner.put(a, h)).as("address handed out twice: " + a).isNull();
                        } catch (IpamException taken) {
                            boolean strictAndForeign = f.ipam.config().strictAffinity() && taken.getMessage().equals("Block host affinity does not match");
                            assertThat(owner.containsKey(a) || f.ipam.reservations().matches(a) || strictAndForeign).as(taken.getMessage()).isTrue();
                        }
                    }
                    case 5, 6 -> {
                        if (owner.isEmpty()) break;
                        List<IpAddress> held = new ArrayList<>(owner.keySet());
                        held.sort(Comparator.naturalOrder());
                        IpAddress a = held.get(rnd.nextInt(held.size()));
                        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, owner.get(a), null)))).isEmpty();
                        owner.remove(a);
                        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, null, null)))).as("second release is a no-op").containsExactly(a);
                    }
                    case 7 -> {
                        if (owner.isEmpty()) break;
                        List<String> handles = new ArrayList<>(new HashSet<>(owner.values()));
                        handles.sort(Comparator.naturalOrder());
                        String h = handles.get(rnd.nextInt(handles.size()));
                        long expected = owner.values().stream().filter(h::equals).count();
                        assertThat(f.ipam.releaseByHandle(h)).isEqualTo((int) expected);
                        owner.values().removeIf(h::equals);
                    }
                    case 8 -> f.ipam.setConfig(new IpamConfig(op.pick() % 2 == 0, true, op.pick() % 3 == 0 && op.pick() % 2 == 0 ? 3 : 0));
                    case 9 -> f.apply("apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata: {name: r" + op.pick() + "}\nspec:\n  reservedCIDRs: ["
                            + IpAddress.parse("10.0.0.0").plus(rnd.nextInt(64)) + "]\n");
                    default -> { }
                }
                f.assertConsistent();
                // the engine and the model agree on every allocation
                Map<IpAddress, String> actual = new HashMap<>();
                for (AllocationBlock b : f.ipam.blocks()) {
                    for (int o = 0; o < b.numAddresses(); o++) {
                        Attribute at = b.attributeOf(o);
                        if (at != null) actual.put(b.ipOf(o), at.handleId());
                        if (at != null) assertThat(Cidr.parse("10.0.0.0/26").contains(b.ipOf(o)) || Cidr.parse("10.1.0.0/27").contains(b.ipOf(o))).isTrue();
                    }
                }
                assertThat(actual).isEqualTo(owner);
            }
        }
    }
}
