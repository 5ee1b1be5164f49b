// Autograd.toDot: a well-formed Graphviz digraph with one box per recorded op and one ellipse per
// leaf, every edge between declared nodes, pointing from producer to consumer.
package dev.tessera.autograd;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tessera.autograd.Grads.leaf;
import static org.junit.jupiter.api.Assertions.*;

class DotExportTest {
    private static final Pattern NODE = Pattern.compile("^\\s+(\\w+) \\[label=\"([^\"]*)\", shape=(box|ellipse)\\];$");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\w+) -> (\\w+);$");

    /** Declared nodes (id -> label and shape) and edges of a DOT text; fails on any other line. */
    private record Graph(Map<String, String[]> nodes, List<String[]> edges) {}

    private static Graph parse(String dot) {
        String[] lines = dot.split("\n");
        assertTrue(lines[0].matches("digraph \\w+ \\{"), lines[0]);
        assertEquals("}", lines[lines.length - 1]);
        Map<String, String[]> nodes = new HashMap<>();
        List<String[]> edges = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String l = lines[i];
            Matcher n = NODE.matcher(l);
            Matcher e = EDGE.matcher(l);
            if (n.matches()) {
                assertNull(nodes.put(n.group(1), new String[] {n.group(2), n.group(3)}), "node declared twice: " + l);
            } else if (e.matches()) {
                edges.add(new String[] {e.group(1), e.group(2)});
            } else {
                assertTrue(l.matches("\\s+(rankdir=\\w+|node \\[.*\\]);"), "unexpected line: " + l);
            }
        }
        for (String[] e : edges) {
            assertTrue(nodes.containsKey(e[0]), "edge from an undeclared node " + e[0] + "\n" + dot);
            assertTrue(nodes.containsKey(e[1]), "edge to an undeclared node " + e[1] + "\n" + dot);
        }
        return new Graph(nodes, edges);
    }

    private static long count(Graph g, String shape) {
        return g.nodes().values().stream().filter(v -> v[1].equals(shape)).count();
    }

    private static String idOf(Graph g, String labelStart) {
        return g.nodes().entrySet().stream().filter(e -> e.getValue()[0].startsWith(labelStart)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no node labelled " + labelStart + "…: " + g.nodes().keySet()));
    }

    @Test
    void aSmallNetworkAsDot() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor w = leaf(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
            Tensor b = leaf(0.5, -0.5);
            Tensor loss = x.matmul(w).add(b).tanh().sum();
            String dot = Autograd.toDot(loss);
            Graph g = parse(dot);
            assertEquals(4, count(g, "box"), dot);     // matmul, add, tanh, sum
            assertEquals(3, count(g, "ellipse"), dot); // x, w, b
            for (String op : new String[] {"matmul", "add", "tanh", "sum"}) idOf(g, op);
            assertTrue(dot.contains("[2, 3] f64") && dot.contains("[3, 2] f64") && dot.contains("[2] f64"), dot);
            // Producer -> consumer.
            String mm = idOf(g, "matmul");
            String add = idOf(g, "add");
            String tanh = idOf(g, "tanh");
            String sum = idOf(g, "sum");
            assertTrue(hasEdge(g, mm, add) && hasEdge(g, add, tanh) && hasEdge(g, tanh, sum), dot);
            assertEquals(3 + 3, g.edges().size(), "x, w -> matmul; matmul, b -> add; add -> tanh; tanh -> sum");
            // Exporting doesn't consume the graph.
            loss.backward();
            assertNotNull(w.grad());
        }
    }

    @Test
    void aLeafUsedTwiceIsOneNode() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(1, 2);
            Tensor y = x.mul(x).add(x).sum();
            Graph g = parse(Autograd.toDot(y));
            assertEquals(1, count(g, "ellipse"));
            assertEquals(3, count(g, "box"));
        }
    }

    @Test
    void aLeafRootIsASingleNode() {
        try (Scope s = Scope.open()) {
            Graph g = parse(Autograd.toDot(leaf(1, 2)));
            assertEquals(1, g.nodes().size());
            assertEquals(0, g.edges().size());
        }
    }

    @Test
    void inputsWithoutGradAreLeftOut() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(1, 2);
            Tensor c = Tensor.of(3.0, 4.0);
            Graph g = parse(Autograd.toDot(x.mul(c).sum()));
            assertEquals(1, count(g, "ellipse"));
        }
    }

    private static boolean hasEdge(Graph g, String from, String to) {
        return g.edges().stream().anyMatch(e -> e[0].equals(from) && e[1].equals(to));
    }
}
