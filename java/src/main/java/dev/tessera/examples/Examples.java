// Examples: the list of runnable examples, looked up by name.
package dev.tessera.examples;

import java.util.List;

public final class Examples {
    private Examples() {}

    public static final List<Example> ALL = List.of(new LinearRegression(), new LogisticRegression(), new Xor(),
            new FashionMlp(), new Digits(),
            new FashionCnn(), new SineForecast(), new FashionRowsLstm());

    public static Example byName(String name) {
        for (Example e : ALL) if (e.name().equals(name)) return e;
        throw new IllegalArgumentException("unknown example '" + name + "' (examples: "
                + ALL.stream().map(Example::name).toList() + ")");
    }
}
