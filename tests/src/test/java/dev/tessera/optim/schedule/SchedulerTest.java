// Learning-rate schedulers against hand-computed PyTorch sequences: lastLr() after construction
// (epoch 0) and after each step(), and the optimizer's lr kept in step with it.
package dev.tessera.optim.schedule;

import dev.tessera.memory.Scope;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.SGD;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SchedulerTest {
    private Scope scope;
    private Optimizer opt;

    @BeforeEach
    void open() {
        scope = Scope.open();
        opt = new SGD(List.of(Tensor.zeros(3).requiresGrad(true)), 0.1);
    }

    @AfterEach
    void close() {
        opt.close();
        scope.close();
    }

    /** lastLr() at epochs 0..expected.length-1 equals expected (relative 1e-12), and the optimizer agrees. */
    private static void assertSequence(EpochLRScheduler s, double... expected) {
        for (int e = 0; e < expected.length; e++) {
            if (e > 0) s.step();
            assertEquals(e, s.lastEpoch());
            assertEquals(expected[e], s.lastLr(), 1e-12 * Math.abs(expected[e]) + 1e-18, "epoch " + e);
            assertEquals(s.lastLr(), s.optimizer().lr(), 0, "optimizer lr at epoch " + e);
        }
    }

    @Test
    void stepLr() {
        // torch: StepLR(SGD(lr=0.1), step_size=3, gamma=0.1): 0.1 x3, 0.01 x3, 0.001 x3, 1e-4
        assertSequence(new StepLR(opt, 3, 0.1), 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 1e-4);
        assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 0));
    }

    @Test
    void stepLrDefaultGammaAndStepSizeOne() {
        assertSequence(new StepLR(opt, 1), 0.1, 0.01, 0.001, 1e-4);
    }

    @Test
    void exponentialLr() {
        assertSequence(new ExponentialLR(opt, 0.5), 0.1, 0.05, 0.025, 0.0125, 0.00625, 0.003125);
    }

    @Test
    void cosineAnnealingAtSeveralEpochs() {
        // eta_min + (base - eta_min) (1 + cos(pi e / T_max)) / 2 with base 0.1, eta_min 0.001, T_max 10;
        // PyTorch's recursive form follows it past T_max too (the rate climbs back).
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 10, 0.001);
        double[] expected = new double[26];
        for (int e = 0; e < expected.length; e++) expected[e] = 0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * e / 10)) / 2;
        assertSequence(s, expected);
        // Spot values: half-way is the mean of base and eta_min, T_max reaches eta_min.
        assertEquals(0.0505, expected[5], 1e-15);
        assertEquals(0.001, expected[10], 1e-15);
        assertEquals(0.1, expected[20], 1e-15);
    }

    @Test
    void cosineAnnealingToZero() {
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 4);
        assertSequence(s, 0.1, 0.1 * (1 + Math.cos(Math.PI / 4)) / 2, 0.05, 0.1 * (1 + Math.cos(3 * Math.PI / 4)) / 2, 0.0);
        s.step();
        assertEquals(0.1 * (1 + Math.cos(5 * Math.PI / 4)) / 2, s.lastLr(), 1e-15);
    }

    @Test
    void aRateSetByHandCarriesForward() {
        // Chainable form, as PyTorch's: ExponentialLR multiplies whatever the rate is now.
        ExponentialLR s = new ExponentialLR(opt, 0.5);
        s.step();
        opt.setLr(1.0);
        s.step();
        assertEquals(0.5, s.lastLr());
        assertEquals(0.1, s.baseLr());
    }

    @Test
    void reduceOnPlateauWithPatienceAndCooldown() {
        opt.setLr(1.0);
        ReduceLROnPlateau s = ReduceLROnPlateau.builder(opt).factor(0.5).patience(2).cooldown(1).build();
        double[] metrics = {10, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8};
        // Hand-run of torch's ReduceLROnPlateau(mode='min', factor=0.5, patience=2, cooldown=1, threshold=1e-4 rel):
        // epoch 5 is the 3rd bad epoch -> 0.5 (cooldown 1 swallows epoch 6, which improves anyway);
        // epochs 7, 8, 9 bad -> 0.25 at 9; epoch 10 is cooldown; 11, 12, 13 bad -> 0.125 at 13.
        double[] expected = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125};
        for (int e = 0; e < metrics.length; e++) {
            s.step(metrics[e]);
            assertEquals(expected[e], s.lastLr(), 0, "epoch " + (e + 1));
            assertEquals(expected[e], opt.lr(), 0);
        }
        assertEquals(8, s.best());
        assertEquals(13, s.lastEpoch());
    }

    @Test
    void reduceOnPlateauThresholdAndMinLr() {
        opt.setLr(1.0);
        ReduceLROnPlateau s = ReduceLROnPlateau.builder(opt).factor(0.5).patience(0).minLr(0.3).build();
        s.step(1.0);                 // first metric: better than +inf
        assertEquals(1.0, s.lastLr());
        s.step(0.99995);             // not better than 1 * (1 - 1e-4) = 0.9999: bad, patience 0 -> 0.5
        assertEquals(0.5, s.lastLr());
        s.step(0.5);                 // better
        assertEquals(0.5, s.lastLr());
        s.step(0.6);                 // bad -> max(0.25, 0.3) = 0.3
        assertEquals(0.3, s.lastLr());
        s.step(0.7);                 // bad, but 0.3 -> max(0.15, 0.3) changes nothing
        assertEquals(0.3, s.lastLr());
    }

    @Test
    void reduceOnPlateauMaxModeAbsoluteThreshold() {
        opt.setLr(0.1);
        ReduceLROnPlateau s = ReduceLROnPlateau.builder(opt).mode(ReduceLROnPlateau.Mode.MAX)
                .thresholdMode(ReduceLROnPlateau.ThresholdMode.ABS).threshold(0.01).patience(1).factor(0.1).build();
        double[] accuracy = {0.80, 0.85, 0.855, 0.859, 0.90, 0.905, 0.905};
        double[] expected = {0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001};
        for (int e = 0; e < accuracy.length; e++) {
            s.step(accuracy[e]);
            assertEquals(expected[e], s.lastLr(), 1e-15, "epoch " + (e + 1));
        }
        assertEquals(0.90, s.best());
    }

    @Test
    void reduceOnPlateauDefaultsAndValidation() {
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt);
        for (int e = 0; e < 11; e++) s.step(1.0); // 1 good + 10 bad: patience 10 not exceeded yet
        assertEquals(0.1, s.lastLr());
        s.step(1.0);
        assertEquals(0.01, s.lastLr(), 1e-17);
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder(opt).factor(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder(opt).patience(-1).build());
    }
}
