// Loss: a loss function as training code holds it (Keras' compile(loss=...), PyTorch's
// nn.CrossEntropyLoss()): configured once, applied to (prediction, target) each step. Each
// implementation is a thin wrapper over one op of ops.Losses, where validation, the fused kernels
// and the gradients live. byName gives the Keras / PyTorch names their default loss.
package dev.tessera.nn.loss;

import dev.tessera.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

public interface Loss {
    /** The loss of {@code input} (the model's output) against {@code target}. */
    Tensor apply(Tensor input, Tensor target);

    /** A short name, as byName accepts it ("mse", "cross_entropy"). */
    String name();

    /** The names byName accepts, each with the loss it gives (the defaults of that loss). */
    Map<String, Supplier<Loss>> NAMES = names();

    private static Map<String, Supplier<Loss>> names() {
        Map<String, Supplier<Loss>> m = new LinkedHashMap<>();
        m.put("mse", MSELoss::new);
        m.put("mean_squared_error", MSELoss::new);
        m.put("mae", L1Loss::new);
        m.put("mean_absolute_error", L1Loss::new);
        m.put("l1", L1Loss::new);
        m.put("huber", HuberLoss::new);
        m.put("smooth_l1", SmoothL1Loss::new);
        m.put("bce", BCELoss::new);
        m.put("binary_crossentropy", BCELoss::new);
        m.put("binary_cross_entropy", BCELoss::new);
        m.put("bce_with_logits", BCEWithLogitsLoss::new);
        m.put("binary_cross_entropy_with_logits", BCEWithLogitsLoss::new);
        m.put("sparse_categorical_crossentropy", CrossEntropyLoss::new);
        m.put("categorical_crossentropy", CategoricalCrossEntropyLoss::new);
        m.put("cross_entropy", CrossEntropyLoss::new);
        m.put("nll", NLLLoss::new);
        m.put("nll_loss", NLLLoss::new);
        m.put("kl_div", KLDivLoss::new);
        m.put("kld", KLDivLoss::new);
        m.put("kullback_leibler_divergence", KLDivLoss::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The loss a Keras or PyTorch name stands for, with its defaults (case and '-' vs '_' don't
     * matter). "sparse_categorical_crossentropy" takes logits and integer labels (cross entropy);
     * "categorical_crossentropy" takes logits and one-hot or probability targets [N, C];
     * "binary_crossentropy" takes probabilities; "kld" takes log-probabilities, as PyTorch's kl_div.
     */
    static Loss byName(String name) {
        if (name == null) throw new NullPointerException("loss: name is null");
        Supplier<Loss> s = NAMES.get(name.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
        if (s == null) throw new IllegalArgumentException("loss: unknown loss '" + name + "'; known names: " + String.join(", ", NAMES.keySet()));
        return s.get();
    }
}
