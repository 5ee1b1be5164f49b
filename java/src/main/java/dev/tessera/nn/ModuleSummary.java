// ModuleSummary: the text table behind Module.summary(), in the style of Keras' model.summary():
// one row per layer (dotted name and type, output shape when an input shape was given, parameter
// shapes, own parameter count), then total / trainable / non-trainable counts and their size.
package dev.tessera.nn;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Shape;
import dev.tessera.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

final class ModuleSummary {
    private ModuleSummary() {}

    static String render(Module root, long[] inputShape) {
        Map<Module, long[]> outputs = inputShape == null ? null : traceOutputShapes(root, inputShape);
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
            Module m = e.getValue();
            boolean isRoot = m == root;
            if (isRoot && !m.namedChildren().isEmpty() && m.ownParameters().isEmpty()) continue; // a pure container
            String name = (isRoot ? "<root>" : e.getKey()) + " (" + m.typeName() + ")";
            long[] out = outputs == null ? null : outputs.get(m);
            StringBuilder shapes = new StringBuilder();
            long count = 0;
            for (Map.Entry<String, Tensor> p : m.ownParameters().entrySet()) {
                if (shapes.length() > 0) shapes.append(", ");
                shapes.append(p.getKey()).append(' ').append(Shape.str(p.getValue().shapeRef()));
                count += p.getValue().numel();
            }
            rows.add(new String[] {name, out == null ? "-" : Shape.str(out), shapes.length() == 0 ? "-" : shapes.toString(), grouped(count)});
        }
        return table(root, inputShape, rows);
    }

    private static Map<Module, long[]> traceOutputShapes(Module root, long[] inputShape) {
        Map<Module, long[]> shapes = new IdentityHashMap<>();
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        for (Module m : root.modules()) modes.put(m, m.isTraining());
        List<Tensor> params = root.parameters();
        DType dtype = params.isEmpty() ? DType.DEFAULT_FLOAT : params.get(0).dtype();
        root.eval(); // so Dropout neither changes values nor draws from its generator
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.noGrad()) {
            root.traceShapes(Tensor.zeros(dtype, inputShape), shapes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("summary: running " + root.typeName() + " on an input of shape "
                    + Shape.str(inputShape) + " failed: " + e.getMessage(), e);
        } finally {
            for (Map.Entry<Module, Boolean> m : modes.entrySet()) m.getKey().train(m.getValue());
        }
        return shapes;
    }

    private static String table(Module root, long[] inputShape, List<String[]> rows) {
        boolean withOutputs = inputShape != null;
        String[] header = {"Layer (type)", "Output shape", "Parameters", "Param #"};
        int[] width = new int[4];
        for (int c = 0; c < 4; c++) width[c] = header[c].length();
        for (String[] r : rows) for (int c = 0; c < 4; c++) width[c] = Math.max(width[c], r[c].length());
        int total = width[0] + (withOutputs ? width[1] + 2 : 0) + width[2] + 2 + width[3] + 2;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(root.typeName());
        if (withOutputs) sb.append("    input shape ").append(Shape.str(inputShape));
        sb.append('\n').append("=".repeat(total)).append('\n');
        line(sb, header, width, withOutputs);
        sb.append("-".repeat(total)).append('\n');
        for (String[] r : rows) line(sb, r, width, withOutputs);
        sb.append("=".repeat(total)).append('\n');
        long all = root.parameterCount();
        long trainable = root.trainableParameterCount();
        long bytes = 0;
        for (Tensor p : root.parameters()) bytes += p.numel() * p.dtype().size();
        sb.append("Total params: ").append(grouped(all)).append(" (").append(size(bytes)).append(")\n");
        sb.append("Trainable params: ").append(grouped(trainable)).append('\n');
        sb.append("Non-trainable params: ").append(grouped(all - trainable)).append('\n');
        List<Tensor> buffers = root.buffers();
        if (!buffers.isEmpty()) {
            long n = 0;
            long b = 0;
            for (Tensor t : buffers) {
                n += t.numel();
                b += t.numel() * t.dtype().size();
            }
            sb.append("Buffers: ").append(grouped(n)).append(" elements (").append(size(b)).append(")\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, boolean withOutputs) {
        sb.append(pad(cells[0], width[0]));
        if (withOutputs) sb.append("  ").append(pad(cells[1], width[1]));
        sb.append("  ").append(pad(cells[2], width[2]));
        sb.append("  ").append(" ".repeat(width[3] - cells[3].length())).append(cells[3]).append('\n');
    }

    private static String pad(String s, int w) { return s + " ".repeat(w - s.length()); }

    private static String grouped(long n) { return String.format(Locale.ROOT, "%,d", n); }

    private static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024.0));
    }
}
