// Embedding: a lookup table of numEmbeddings vectors of size embeddingDim, as torch.nn.Embedding:
// integer indices of any shape [...] give [..., embeddingDim]. The weight starts N(0, 1); the row
// paddingIdx (if any) starts at zero and never receives a gradient, so it stays a zero vector.
package dev.tessera.nn;

import dev.tessera.autograd.GradMode;
import dev.tessera.ops.Normalization;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;

public class Embedding extends Module {
    private final long numEmbeddings;
    private final long embeddingDim;
    private final Long paddingIdx;

    public Embedding(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, null, DType.DEFAULT_FLOAT, null); }

    /**
     * With an optional padding row (null: none; negative counts from the end), the weight's dtype
     * and the generator of its initial values (null: the default).
     */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, DType dtype, Generator generator) {
        if (numEmbeddings < 1 || embeddingDim < 0) {
            throw new IllegalArgumentException("Embedding: needs numEmbeddings >= 1 and embeddingDim >= 0, got " + numEmbeddings
                    + " and " + embeddingDim);
        }
        if (paddingIdx != null && (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " out of range for " + numEmbeddings
                    + " embeddings");
        }
        if (dtype == null || !dtype.isFloat()) throw new IllegalArgumentException("Embedding: dtype must be f32 or f64, got " + dtype);
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null || paddingIdx >= 0 ? paddingIdx : Long.valueOf(paddingIdx + numEmbeddings);
        Tensor w = Init.normal(Tensor.empty(dtype, numEmbeddings, embeddingDim), 0, 1, generator);
        if (this.paddingIdx != null) {
            try (GradMode.Guard off = GradMode.noGrad(); Tensor row = w.select(0, this.paddingIdx)) {
                row.fill(0);
            }
        }
        registerParameter("weight", w);
    }

    public long numEmbeddings() { return numEmbeddings; }

    public long embeddingDim() { return embeddingDim; }

    /** The padding row (made non-negative), or null. */
    public Long paddingIdx() { return paddingIdx; }

    public Tensor weight() { return parameter("weight"); }

    @Override
    public Tensor forward(Tensor indices) {
        return paddingIdx == null ? Normalization.embedding(weight(), indices) : Normalization.embedding(weight(), indices, paddingIdx);
    }

    @Override
    protected String extraRepr() {
        String padding = paddingIdx == null ? "" : ", paddingIdx=" + paddingIdx;
        return "numEmbeddings=" + numEmbeddings + ", embeddingDim=" + embeddingDim + padding;
    }
}
