// Linear (Keras: Dense): y = x·Wᵀ + b with weight [out, in] and bias [out], as torch.nn.Linear.
// Initialised like PyTorch's default: weight by Kaiming-uniform with a = sqrt(5) (which comes to
// U(-1/sqrt(in), 1/sqrt(in))), bias by U(-1/sqrt(in), 1/sqrt(in)). Parameters are created in the
// scope current at construction; forward makes only op results (a transposed view, matmul, add).
package dev.tessera.nn;

import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

public class Linear extends Module {
    private final long inFeatures;
    private final long outFeatures;
    private final boolean hasBias;

    public Linear(long inFeatures, long outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, DType.DEFAULT_FLOAT, null);
    }

    /** With the parameters' dtype (F32 or F64) and the generator that draws their initial values (null: the default). */
    public Linear(long inFeatures, long outFeatures, boolean bias, DType dtype, Generator generator) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be >= 0, got in=" + inFeatures + ", out=" + outFeatures);
        }
        if (dtype == null || !dtype.isFloat()) throw new IllegalArgumentException("Linear: dtype must be f32 or f64, got " + dtype);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.hasBias = bias;
        Tensor w = registerParameter("weight", Tensor.empty(dtype, outFeatures, inFeatures));
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, generator);
        if (bias) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(registerParameter("bias", Tensor.empty(dtype, outFeatures)), -bound, bound, generator);
        }
    }

    /** Keras' name for the same layer: {@code Linear.dense(784, 128)}. */
    public static Linear dense(long inFeatures, long units) { return new Linear(inFeatures, units); }

    public long inFeatures() { return inFeatures; }

    public long outFeatures() { return outFeatures; }

    public Tensor weight() { return parameter("weight"); }

    /** The bias, or null for a layer built with bias = false. */
    public Tensor bias() { return hasBias ? parameter("bias") : null; }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x.matmul(parameter("weight").t());
        return hasBias ? y.add(parameter("bias")) : y;
    }

    @Override
    protected String extraRepr() {
        return "inFeatures=" + inFeatures + ", outFeatures=" + outFeatures + ", bias=" + hasBias;
    }
}
