// Dropout (inverted): in training mode each element is kept with probability 1 - p and scaled by
// 1 / (1 - p), so evaluation needs no rescaling and is the identity. The mask comes from a
// Generator (Philox), so a seeded Dropout draws the same masks run after run.
package dev.tessera.nn;

import dev.tessera.ops.Creation;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

public class Dropout extends Module {
    private final double p;
    private final Generator generator;

    /** Drops with probability p using the default generator. */
    public Dropout(double p) { this(p, null); }

    /** Drops with probability p, drawing masks from {@code generator} (null: the default generator). */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.generator = generator != null ? generator : Generator.defaultGenerator();
    }

    public double p() { return p; }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        if (p == 1) return x.mul(0.0); // everything dropped; keeps the graph (zero gradient)
        Tensor r = Creation.rand(generator, x.dtype().toFloat(), x.shapeRef());
        Tensor mask = r.ge(p).to(x.dtype().toFloat()).mul(1 / (1 - p));
        return x.mul(mask);
    }

    @Override
    protected String extraRepr() { return "p=" + p; }
}
