// PointwiseLoss: the regression losses of the fused pointwise loss kernel (Backend.pointwiseLoss*),
// each with its native code (TS_LOSS_* in native/include/tessera/loss.h; NativeCodesTest checks
// the names match). `param` is HUBER's delta and SMOOTH_L1's beta.
package dev.tessera.backend;

public enum PointwiseLoss {
    /** (x - y)^2. */
    MSE(0, "mse"),
    /** |x - y|. */
    L1(1, "l1"),
    /** 0.5 d^2 for |d| < delta, else delta (|d| - delta / 2). */
    HUBER(2, "huber"),
    /** 0.5 d^2 / beta for |d| < beta, else |d| - beta / 2 (beta 0: L1). */
    SMOOTH_L1(3, "smooth_l1");

    private final int code;
    private final String nativeName;

    PointwiseLoss(int code, String nativeName) {
        this.code = code;
        this.nativeName = nativeName;
    }

    public int code() { return code; }

    /** The name the native library gives this code (ts_pointwise_loss_name). */
    public String nativeName() { return nativeName; }
}
