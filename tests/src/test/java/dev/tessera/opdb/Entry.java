// Entry: the builder behind one op's samples in OpSamples. An entry lists input sets (crossed
// with its dtypes, or carrying their own), attribute variants (each with the call and its
// reference, and a predicate saying which input sets it applies to) and per-dtype tolerances;
// samples() expands the product into Sample records.
package dev.tessera.opdb;

import dev.tessera.opdb.Sample.In;
import dev.tessera.opdb.Sample.Invoke;
import dev.tessera.opdb.Sample.Reference;
import dev.tessera.opdb.Sample.Tol;
import dev.tessera.opdb.Sample.Values;
import dev.tessera.ops.Op;
import dev.tessera.tensor.DType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

final class Entry {
    /** Whether a variant applies to an input set at a dtype (null dtype: the inputs carry theirs). */
    interface When {
        boolean test(List<In> inputs, DType dtype);

        When ALWAYS = (ins, dt) -> true;

        static When arity(int n) { return (ins, dt) -> ins.size() == n; }

        static When minRank(int r) { return (ins, dt) -> ins.get(0).rank() >= r; }

        default When and(When other) { return (ins, dt) -> test(ins, dt) && other.test(ins, dt); }
    }

    private record Variant(String label, When when, Invoke invoke, Reference reference) {}

    /** Inputs and the dtypes they run at; null dtypes = the entry's, a null element = inputs carry their own. */
    private record InputSet(List<In> inputs, List<DType> dtypes) {}

    final Op op;
    private final List<InputSet> sets = new ArrayList<>();
    private final List<Variant> variants = new ArrayList<>();
    private final List<Sample> extras = new ArrayList<>();
    private final Map<DType, Tol> tols = new EnumMap<>(DType.class);
    private List<DType> dtypes = List.of(DType.F32, DType.F64);
    private Values[] values = new Values[0];

    private Entry(Op op) { this.op = op; }

    static Entry of(Op op) { return new Entry(op); }

    /** One input set, run at each of the entry's dtypes. */
    Entry inputs(In... ins) {
        sets.add(new InputSet(List.of(ins), null));
        return this;
    }

    /** Several input sets, each run at each of the entry's dtypes. */
    Entry inputs(In[][] many) {
        for (In[] ins : many) inputs(ins);
        return this;
    }

    /** Input sets run at the given dtypes only. */
    Entry inputsAt(List<DType> at, In... ins) {
        sets.add(new InputSet(List.of(ins), at));
        return this;
    }

    /** Input sets whose inputs all carry their own dtypes (promotion samples). */
    Entry mixed(In[]... many) {
        for (In[] ins : many) sets.add(new InputSet(List.of(ins), Arrays.asList((DType) null)));
        return this;
    }

    Entry dtypes(DType... ds) { return dtypes(List.of(ds)); }

    Entry dtypes(List<DType> ds) {
        dtypes = ds;
        return this;
    }

    /** Value distributions by input position, for inputs that didn't choose their own. */
    Entry values(Values... perInput) {
        values = perInput;
        return this;
    }

    Entry tol(DType dt, double rtol, double atol) {
        tols.put(dt, new Tol(rtol, atol));
        return this;
    }

    /** The op's plain call, for every input set. */
    Entry call(Invoke invoke, Reference reference) { return variant("", When.ALWAYS, invoke, reference); }

    Entry variant(String label, Invoke invoke, Reference reference) { return variant(label, When.ALWAYS, invoke, reference); }

    Entry variant(String label, When when, Invoke invoke, Reference reference) {
        variants.add(new Variant(label, when, invoke, reference));
        return this;
    }

    /** A one-off sample (special values, an odd attribute) outside the input x variant product. */
    Entry sample(String label, List<DType> at, List<In> ins, Invoke invoke, Reference reference) {
        for (DType dt : at) extras.add(new Sample(op, label, dt, ins, invoke, reference, this::tolFor));
        return this;
    }

    private Tol tolFor(DType resultDtype) { return tols.getOrDefault(resultDtype, Tol.of(resultDtype)); }

    List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (InputSet set : sets) {
            List<In> ins = new ArrayList<>();
            for (int i = 0; i < set.inputs.size(); i++) {
                In in = set.inputs.get(i);
                ins.add(in.values() == Values.DEFAULT && i < values.length ? in.values(values[i]) : in);
            }
            for (DType dt : set.dtypes == null ? dtypes : set.dtypes) {
                for (Variant v : variants) {
                    if (v.when.test(ins, dt)) out.add(new Sample(op, v.label, dt, List.copyOf(ins), v.invoke, v.reference, this::tolFor));
                }
            }
        }
        out.addAll(extras);
        return out;
    }
}
