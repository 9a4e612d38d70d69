package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.output.View;
import dev.calicoctl.ipam.BlockMap.Cell;
import dev.calicoctl.ipam.BlockMap.PoolMap;
import dev.calicoctl.ipam.BlockMap.State;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws `ipam show --map`: per pool a header, a grid of {@link #PER_ROW} cells a row (each row
 * labelled with its first address), and a legend. Plain ASCII letters unless {@code colour}, when
 * cells are coloured block glyphs. With a node named, that node's blocks stand out (upper case in
 * ASCII, reverse video in colour) and are listed under the grid.
 */
final class BlockMapView implements View {
    static final int PER_ROW = 32;

    private final List<PoolMap> maps;
    private final boolean colour;
    private final String node;

    BlockMapView(List<PoolMap> maps, boolean colour, String node) {
        this.maps = maps;
        this.colour = colour;
        this.node = node;
    }

    static char ascii(State s) {
        return switch (s) {
            case UNCLAIMED -> '.';
            case EMPTY -> 'o';
            case RESERVED -> 'r';
            case PARTIAL -> 'p';
            case FULL -> 'f';
            case BORROWED -> 'b';
        };
    }

    private static String glyph(State s) {
        return switch (s) {
            case UNCLAIMED -> "\u001b[2m\u00b7\u001b[22m";
            case EMPTY -> "\u001b[32m\u25a1\u001b[39m";
            case RESERVED -> "\u001b[34m\u25aa\u001b[39m";
            case PARTIAL -> "\u001b[33m\u2592\u001b[39m";
            case FULL -> "\u001b[31m\u2588\u001b[39m";
            case BORROWED -> "\u001b[35m\u2593\u001b[39m";
        };
    }

    private static String describe(State s) {
        return switch (s) {
            case UNCLAIMED -> "unclaimed";
            case EMPTY -> "claimed, empty";
            case RESERVED -> "reserved";
            case PARTIAL -> "partly used";
            case FULL -> "full";
            case BORROWED -> "borrowed from";
        };
    }

    private boolean highlighted(Cell c) { return node != null && node.equals(c.node()); }

    private String cell(Cell c) {
        boolean mine = highlighted(c);
        if (!colour) {
            char ch = ascii(c.state());
            return String.valueOf(mine ? Character.toUpperCase(ch) : ch);
        }
        return mine ? "\u001b[7m" + glyph(c.state()) + "\u001b[27m" : glyph(c.state());
    }

    @Override public void writeText(PrintStream out) {
        for (PoolMap m : maps) {
            long claimed = 0, used = 0;
            for (Cell c : m.cells()) { claimed += c.blocks(); used += c.inUse(); }
            out.println("IP pool " + m.pool().name() + "  " + m.cidr() + "  " + m.blockSlots() + " blocks of /" + m.blockSize()
                    + " (" + claimed + " claimed, " + used + " addresses in use)"
                    + (m.blocksPerCell().equals(java.math.BigInteger.ONE) ? "" : "; each cell is " + m.blocksPerCell() + " blocks"));
            int width = 0;
            for (int i = 0; i < m.cells().size(); i += PER_ROW) width = Math.max(width, m.cells().get(i).range().network().toString().length());
            for (int i = 0; i < m.cells().size(); i += PER_ROW) {
                StringBuilder row = new StringBuilder("  ");
                String label = m.cells().get(i).range().network().toString();
                row.append(label).append(" ".repeat(width - label.length() + 2));
                for (int j = i; j < Math.min(i + PER_ROW, m.cells().size()); j++) {
                    if (j > i) row.append(' ');
                    row.append(cell(m.cells().get(j)));
                }
                out.println(row);
            }
            if (node != null) {
                List<String> mine = new ArrayList<>();
                for (Cell c : m.cells()) if (highlighted(c)) mine.add(c.range() + " (" + c.inUse() + " of " + c.capacity() + " in use)");
                out.println("  node " + node + ": " + (mine.isEmpty() ? "no blocks" : String.join(", ", mine)));
            }
            out.println();
        }
        StringBuilder legend = new StringBuilder("Legend:");
        for (State s : State.values()) legend.append("  ").append(colour ? glyph(s) : String.valueOf(ascii(s))).append(' ').append(describe(s));
        out.println(legend);
        if (node != null) out.println(colour ? "        reverse video: blocks of node " + node : "        UPPER CASE: blocks of node " + node);
    }

    /** The documented -o json|yaml shape of --map. */
    @Override public Object tree() {
        List<Object> pools = new ArrayList<>();
        for (PoolMap m : maps) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", m.pool().name());
            p.put("cidr", m.cidr().toString());
            p.put("blockSize", (long) m.blockSize());
            p.put("blockSlots", m.blockSlots().toString());
            p.put("blocksPerCell", m.blocksPerCell().toString());
            List<Object> cells = new ArrayList<>();
            for (Cell c : m.cells()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("cidr", c.range().toString());
                e.put("state", c.state().name().toLowerCase(Locale.ROOT));
                e.put("node", c.node());
                e.put("blocks", (long) c.blocks());
                e.put("inUse", c.inUse());
                e.put("capacity", c.capacity());
                cells.add(e);
            }
            p.put("cells", cells);
            pools.add(p);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pools", pools);
        return root;
    }
}
