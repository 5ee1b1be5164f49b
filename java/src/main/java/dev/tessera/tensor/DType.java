// DType: the element types a tensor can hold, their sizes, their native codes (mirroring
// native/include/tessera/common.h) and PyTorch's type-promotion rules.
package dev.tessera.tensor;

public enum DType {
    F32(0, 4, Category.FLOAT, "f32"),
    F64(1, 8, Category.FLOAT, "f64"),
    I32(2, 4, Category.INTEGER, "i32"),
    I64(3, 8, Category.INTEGER, "i64"),
    U8(4, 1, Category.INTEGER, "u8"),
    BOOL(5, 1, Category.BOOL, "bool");

    /** Ordered kinds of number: a higher category wins promotion regardless of width. */
    public enum Category { BOOL, INTEGER, FLOAT }

    /** The dtype of floating results when nothing else decides (like torch.get_default_dtype()). */
    public static final DType DEFAULT_FLOAT = F32;

    private final int code;
    private final int size;
    private final Category category;
    private final String shortName;

    DType(int code, int size, Category category, String shortName) {
        this.code = code;
        this.size = size;
        this.category = category;
        this.shortName = shortName;
    }

    /** The TS_* code the native kernels use. */
    public int code() { return code; }

    /** Bytes per element. */
    public int size() { return size; }

    public Category category() { return category; }

    public boolean isFloat() { return category == Category.FLOAT; }

    public boolean isIntegral() { return category != Category.FLOAT; }

    /** Short name as printed in shapes and errors ("f32"). */
    public String shortName() { return shortName; }

    /** The default dtype of a category: F32 for floats, I64 for integers, BOOL for booleans. */
    public static DType defaultOf(Category category) {
        switch (category) {
            case FLOAT: return DEFAULT_FLOAT;
            case INTEGER: return I64;
            default: return BOOL;
        }
    }

    /**
     * Promotion of two tensors' dtypes, as torch.promote_types: a higher category wins; within a
     * category the wider type wins (U8 and I32 promote to I32).
     */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.category != b.category) return a.category.compareTo(b.category) > 0 ? a : b;
        return a.size >= b.size ? a : b;
    }

    /** The floating dtype an op that needs floats computes in: itself if float, else F32. */
    public DType toFloat() { return isFloat() ? this : DEFAULT_FLOAT; }

    public static DType fromCode(int code) {
        for (DType d : values()) if (d.code == code) return d;
        throw new IllegalArgumentException("unknown dtype code " + code);
    }

    @Override
    public String toString() { return shortName; }
}
