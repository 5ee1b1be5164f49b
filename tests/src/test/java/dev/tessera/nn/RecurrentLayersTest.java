// Recurrent layers (LSTM, GRU, RNN, the cells, LastTimeStep): shapes for every option, PyTorch's
// state-dict names, init bounds, errors that name shapes, train vs eval dropout, and known values:
// outputs, final states and gradients computed by PyTorch 1.13 (float64) for weights, inputs and
// initial states set from closed-form formulas, reproduced here to 1e-9. The script that printed
// them (LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3):
//   fill(m): parameter j (named_parameters order), element k = 0.3 sin(0.7 k + 1.3 j + 0.5)
//   seq(shape, a, b, scale) = scale sin(a k + b) over the flat index k
//   LSTM(3, 4, num_layers=2, bidirectional, batch_first): x = seq((2,5,3), .37, .2),
//     h0 = seq((4,2,4), .5, .1, .5), c0 = seq((4,2,4), .3, 1, .5); loss = (out * seq(out.shape, .11, .3)).sum()
//   GRU(3, 4, num_layers=2): x = seq((5,2,3), .41, .7), h0 = seq((2,2,4), .9, .3, .5);
//     loss = (out * seq(out.shape, .13, .5)).sum()
//   RNN(3, 4, relu, bidirectional, bias=False) and RNN(3, 4) on x = seq((5,2,3), .29, .9), zero state
package dev.tessera.nn;

import dev.tessera.autograd.GradMode;
import dev.tessera.memory.MemoryStats;
import dev.tessera.memory.Scope;
import dev.tessera.ops.Recurrent.LstmState;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Generator;
import dev.tessera.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RecurrentLayersTest {
    private static final RecurrentLayer.Options F64 = RecurrentLayer.Options.defaults().withDtype(DType.F64);

private static final double[] LSTM_OUTPUT = {0.060188777501, 0.0703954298611, 0.0789924963737, 0.0085521815022,
            -0.0872489126868, 0.0986751757921, 0.154572736816, 0.126225978372, 0.111213469098, 0.132235430007, 0.0962724029645,
            0.0138909496926, -0.059947715191, 0.122298910142, 0.168473605096, 0.126719254411, 0.124369421654, 0.152139440103,
            0.113443978844, 0.0204712221487, -0.0401972829263, 0.129529380648, 0.169242234821, 0.123333141386, 0.12677748122,
            0.160248226124, 0.1185869626, 0.0218918414718, -0.0125953266654, 0.138183664154, 0.160322255014, 0.117543579406,
            0.130547154717, 0.164529502847, 0.120781999623, 0.0222511121081, 0.033828009477, 0.17061490593, 0.13511515033,
            0.10159761773, 0.188099131368, 0.112936036666, 0.148363953427, 0.109521058529, -0.0665400066631, 0.111442589791,
            0.162620856612, 0.124482577918, 0.154834408975, 0.14382116799, 0.14868005253, 0.0608427142207, -0.0516180082767,
            0.120854860461, 0.171213817117, 0.124052568058, 0.130380488521, 0.162731614133, 0.136291443868, 0.0542831483673,
            -0.036221824822, 0.111017782412, 0.166311606532, 0.113705402766, 0.117311535432, 0.168232435604, 0.129135158145,
            0.0492110135732, -0.0217596985255, 0.0695141096357, 0.146993148856, 0.0834807162666, 0.112070405798,
            0.166928903282, 0.12053144364, 0.0400657546964, 0.00976301296244, -0.0203183468474, 0.111762059683,
            -0.0147500590448};
    private static final double[] LSTM_H = {0.0354684191439, -0.215521031717, -0.189070506302, -0.100415512273,
            -0.00844653289597, -0.153465856384, -0.194818415243, -0.17683684502, 0.00521841504565, 0.122752241993,
            0.0275385416802, -0.353447017971, 0.0993373906033, 0.0933419299078, -0.0425873284997, -0.283467706477,
            0.130547154717, 0.164529502847, 0.120781999623, 0.0222511121081, 0.112070405798, 0.166928903282, 0.12053144364,
            0.0400657546964, -0.0872489126868, 0.0986751757921, 0.154572736816, 0.126225978372, -0.0665400066631,
            0.111442589791, 0.162620856612, 0.124482577918};
    private static final double[] LSTM_C = {0.112354182832, -0.424584295324, -0.261708484146, -0.238457460728, -0.026369155465,
            -0.284319496138, -0.27484713499, -0.447202100627, 0.0117174873187, 0.280977923918, 0.0673683002042,
            -0.686517733107, 0.235685490109, 0.272507255273, -0.0806496347847, -0.543037613343, 0.299077479118, 0.4890186387,
            0.305150177817, 0.0538874103317, 0.250019690522, 0.473769800992, 0.293678768196, 0.096034392624, -0.151809117464,
            0.210479767943, 0.343841853329, 0.339367158286, -0.116848529929, 0.247515794156, 0.378603862151, 0.343890468433};
    private static final double[] LSTM_GRAD_X = {0.0120801179213, 0.00461704691926, -0.00501749339225, 0.010366209261,
            0.0157229706317, 0.0136849732362, 0.00540915038998, 0.00310067467555, -0.000666096788167, 0.00390760575924,
            0.00247753858827, -0.00011775369337, -0.00324063672341, -0.00215687997253, -5.87088683897e-05, -0.00575231342742,
            7.17764571521e-05, 0.00586210875238, -0.00339337729218, 0.00128293431069, 0.00535586186084, 0.00115632667269,
            0.00804498969954, 0.0111499683643, 0.00999474577017, 0.00958231316187, 0.00466316894577, 0.00665094114398,
            0.0244060932171, 0.0306826782945};
    private static final double[] LSTM_GRAD_W_HH_L1_REVERSE = {-0.00274436110064, -0.00324491071214, -0.00052552775979,
            0.00596831728333, 0.00694499028878, 0.00643169638959, 0.00494297870978, -0.00731613599531, 0.033234003116,
            0.0330173762046, 0.0258157294771, -0.00326424565064, 0.0115101058123, 0.0117729792888, 0.0115376345657,
            -0.0068392982789, 0.0121669228328, -0.000746774649812, -0.012277861907, -0.0210337746835, -0.00213450383149,
            0.00256474120502, -0.00161334263943, -0.00596362656928, -0.0071262995027, -0.00163749686884, 0.00189633286929,
            -0.00458345112854, -0.0132967918053, -0.00493972097171, -0.00124202350505, 0.000266704852229, 0.232033617932,
            0.254029964593, 0.195901166586, -0.00223099474388, 0.180376895257, 0.204212971379, 0.171912896648,
            0.00858523011333, 0.0939098270752, 0.0893282371238, 0.0622323513943, -0.0475534491529, 0.116084497377,
            0.122568697884, 0.100354200985, -0.0161396357888, 0.0053337366219, -0.00328244946005, -0.00939578137121,
            -0.00942981718178, 0.0126501324191, 0.00355188676065, -0.005469946055, -0.0287762511358, 0.0236408595835,
            0.0228184390128, 0.0234454067447, -0.0145675987598, 0.00655146661418, 0.00735516803096, 0.00894735311407,
            -0.0157785261906};
    private static final double[] LSTM_GRAD_B_IH_L0 = {0.0431793747008, -0.0229020238298, 0.101913118379, 0.0487261150891,
            -0.00526850688442, -0.0698673571196, 0.0227521327726, 0.00794316879014, -0.286526984777, -0.356573359448,
            -0.244315731916, -0.0938198190246, 0.0374806358018, -0.0333344104325, 0.026405610934, 0.0415048897603};
    private static final double[] GRU_OUTPUT = {0.251148431471, 0.392154041795, 0.0403260871163, -0.332707819351,
            0.0054910557217, -0.0373291549585, 0.126729598808, 0.181473087646, 0.270698951928, 0.329757170841, 0.0529348071986,
            -0.314932717681, 0.253864187891, 0.0670862895204, 0.104375228715, 0.0211496544308, 0.31862137543, 0.268328673633,
            0.0796806135607, -0.308926616303, 0.359150579304, 0.108258119853, 0.105374393297, -0.0867895671757, 0.350385376946,
            0.226798035972, 0.0976161329536, -0.304322007189, 0.394566107362, 0.131189674011, 0.108080494243, -0.154528153325,
            0.360251606796, 0.205186543395, 0.109376671195, -0.304178556082, 0.412038051549, 0.134566924773, 0.12134869555,
            -0.20645045081};
    private static final double[] GRU_H = {0.19942038389, 0.00807569938765, -0.205210605874, -0.167656167411, 0.19769904145,
            -0.129531796473, -0.280812639584, -0.224024088997, 0.360251606796, 0.205186543395, 0.109376671195, -0.304178556082,
            0.412038051549, 0.134566924773, 0.12134869555, -0.20645045081};
    private static final double[] GRU_GRAD_X = {-0.0074333279138, -0.0081097833405, -0.0049720809433, 0.0130891812666,
            0.00524902448291, -0.0050598305334, -0.00225142352011, 0.00327984182874, 0.00726854631659, -0.00272691180913,
            0.000997091379635, 0.00425214691257, -0.00389560154705, 6.15483948685e-06, 0.00390501650884, 0.000759122373677,
            0.00504200303146, 0.00695355088008, 0.00753851113538, 0.00704939093846, 0.00324483203341, -0.004784327324,
            -0.00492735228056, -0.00275296646757, -0.00378148417826, -0.00821391385518, -0.00878321150007, -0.00239679666961,
            -0.0024078871476, -0.0012865106758};
    private static final double[] GRU_GRAD_W_HH_L0 = {-0.000372549264976, -0.000848324121439, 0.000586520041259,
            0.00223327473785, 0.000730026542699, 0.00244686416774, 0.00308434843435, 0.00170205950403, 0.000612989267515,
            0.00312993657566, 0.00526520960244, 0.00283996676737, 3.26267293839e-05, -0.000822916765565, -0.000457775730161,
            0.000110338921279, 0.00873740922864, -0.00173934471356, 0.00410163300852, 0.00724379522378, -0.00542819343724,
            0.010540362984, 0.000227891838414, -0.00742915090634, -0.0024942080686, -0.0217050740852, -0.01778392165,
            -0.000959972713668, -0.0124247598169, -0.0288429289539, -0.0216408463992, 0.0020428906586, 0.00911735178399,
            0.012515459149, 0.00125312335096, -0.0170077836186, -0.00236551923437, -0.0125767513875, -0.0202659346333,
            -0.0140098972227, -0.00537272935519, -0.0125913703694, -0.026483702123, -0.0172917066441, -0.00735732412724,
            -0.0304552455785, -0.0293452552236, -0.00299834090623};
    private static final double[] RNN_RELU_OUTPUT = {0.654967565922, 0, 0, 0.658415368602, 0, 0, 0.627903436891, 0,
            0.589778908315, 0, 0, 0.594487859075, 0, 0, 0.471038919942, 0, 0.161143469195, 0, 0, 0, 0, 0.0587081844557, 0,
            0.212886731358, 0, 0.0541151223691, 0.439887606384, 0, 0.219098627877, 0.256733936736, 0, 0.541964225992, 0,
            0.0731736177764, 0.611607274753, 0, 0.398583126944, 0.341001745662, 0, 0.533675236285, 0, 0, 0.53138683014, 0,
            0.169088724668, 0.377691158232, 0, 0.405721418904, 0.129357329316, 0, 0.125902677876, 0, 0, 0.221976290193, 0,
            0.06693795845, 0.591420300245, 0, 0, 0.472313289531, 0, 0, 0.522285279875, 0, 0.683385469618, 0, 0, 0.594283612362,
            0, 0, 0.704730074272, 0, 0.310042280093, 0, 0, 0.0765681361189, 0, 0, 0.303003980409, 0};
    private static final double[] RNN_RELU_H = {0.683385469618, 0, 0, 0.594283612362, 0.310042280093, 0, 0, 0.0765681361189, 0,
            0, 0.627903436891, 0, 0, 0, 0.471038919942, 0};
    private static final double[] RNN_TANH_OUTPUT = {0.364409395816, -0.544267402516, -0.733963845043, 0.428383330308,
            0.306585676399, -0.472291850232, -0.748793507309, 0.374792681612, -0.2299660351, -0.233874703067, -0.67498718485,
            0.140209052369, -0.656129435756, -0.167174454403, -0.321184566347, -0.399832519559, -0.796819181351,
            -0.138633485923, -0.115615435738, -0.552314712298, -0.687721849763, -0.242107022977, -0.260902294523,
            -0.330375060972, -0.280087593326, -0.353613419151, -0.603322993396, 0.203251218525, 0.154810844284,
            -0.355170214554, -0.823881886516, 0.610786098792, 0.195551738823, -0.285842314905, -0.858797061424, 0.634736413643,
            -0.166857457191, -0.217621288895, -0.736227269107, 0.260125526548};

    /** Sets every parameter from the closed form of the script above, in state-dict order. */
    private static void fill(Module m) {
        try (GradMode.Guard off = GradMode.noGrad()) {
            int j = 0;
            for (Tensor p : m.parameters()) {
                double[] v = new double[(int) p.numel()];
                for (int k = 0; k < v.length; k++) v[k] = 0.3 * Math.sin(0.7 * k + 1.3 * j + 0.5);
                p.copyFrom(Tensor.fromArray(v).reshape(p.shape()));
                j++;
            }
        }
    }

    private static Tensor seq(double a, double b, double scale, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = scale * Math.sin(a * k + b);
        return Tensor.fromArray(v).reshape(shape);
    }

    private static void assertClose(double[] expected, Tensor actual, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": element count");
        for (int i = 0; i < a.length; i++) assertEquals(expected[i], a[i], 1e-9, what + "[" + i + "]");
    }

    // ------------------------------------------------------------------ known values from PyTorch

    @Test
    void lstmTwoLayersBidirectionalBatchFirstMatchesPyTorch() {
        try (Scope s = Scope.open()) {
            LSTM lstm = new LSTM(3, 4, F64.withLayers(2).withBidirectional(true).withBatchFirst(true));
            fill(lstm);
            Tensor x = seq(0.37, 0.2, 1, 2, 5, 3).requiresGrad(true);
            RecurrentLayer.Result r = lstm.run(x, seq(0.5, 0.1, 0.5, 4, 2, 4), seq(0.3, 1.0, 0.5, 4, 2, 4));
            assertArrayEquals(new long[] {2, 5, 8}, r.output().shape());
            assertArrayEquals(new long[] {4, 2, 4}, r.h().shape());
            assertClose(LSTM_OUTPUT, r.output(), "output");
            assertClose(LSTM_H, r.h(), "h_n");
            assertClose(LSTM_C, r.c(), "c_n");
            r.output().mul(seq(0.11, 0.3, 1, 2, 5, 8)).sum().backward();
            assertClose(LSTM_GRAD_X, x.grad(), "x.grad");
            assertClose(LSTM_GRAD_W_HH_L1_REVERSE, lstm.parameter("weight_hh_l1_reverse").grad(), "weight_hh_l1_reverse.grad");
            assertClose(LSTM_GRAD_B_IH_L0, lstm.parameter("bias_ih_l0").grad(), "bias_ih_l0.grad");
        }
    }

    @Test
    void gruTwoLayersMatchesPyTorch() {
        try (Scope s = Scope.open()) {
            GRU gru = new GRU(3, 4, F64.withLayers(2));
            fill(gru);
            Tensor x = seq(0.41, 0.7, 1, 5, 2, 3).requiresGrad(true);
            RecurrentLayer.Result r = gru.run(x, seq(0.9, 0.3, 0.5, 2, 2, 4));
            assertNull(r.c());
            assertClose(GRU_OUTPUT, r.output(), "output");
            assertClose(GRU_H, r.h(), "h_n");
            r.output().mul(seq(0.13, 0.5, 1, 5, 2, 4)).sum().backward();
            assertClose(GRU_GRAD_X, x.grad(), "x.grad");
            assertClose(GRU_GRAD_W_HH_L0, gru.parameter("weight_hh_l0").grad(), "weight_hh_l0.grad");
        }
    }

    @Test
    void elmanRnnsMatchPyTorch() {
        try (Scope s = Scope.open()) {
            RNN relu = new RNN(3, 4, RNN.Nonlinearity.RELU, F64.withBidirectional(true).withBias(false));
            fill(relu);
            Tensor x = seq(0.29, 0.9, 1, 5, 2, 3);
            RecurrentLayer.Result r = relu.run(x);
            assertClose(RNN_RELU_OUTPUT, r.output(), "relu output");
            assertClose(RNN_RELU_H, r.h(), "relu h_n");
            RNN tanh = new RNN(3, 4, RNN.Nonlinearity.TANH, F64);
            fill(tanh);
            assertClose(RNN_TANH_OUTPUT, tanh.forward(x), "tanh output");
        }
    }

    @Test
    void float32AgreesWithFloat64To1e5() {
        try (Scope s = Scope.open()) {
            LSTM lstm = new LSTM(3, 4, RecurrentLayer.Options.defaults().withLayers(2).withBidirectional(true).withBatchFirst(true));
            fill(lstm);
            RecurrentLayer.Result r = lstm.run(seq(0.37, 0.2, 1, 2, 5, 3).to(DType.F32), seq(0.5, 0.1, 0.5, 4, 2, 4).to(DType.F32),
                    seq(0.3, 1.0, 0.5, 4, 2, 4).to(DType.F32));
            assertEquals(DType.F32, r.output().dtype());
            double[] out = r.output().toDoubleArray();
            for (int i = 0; i < out.length; i++) assertEquals(LSTM_OUTPUT[i], out[i], 1e-5, "f32 output[" + i + "]");
        }
    }

    // ------------------------------------------------------------------ shapes, names, options

    @Test
    void stateDictNamesArePyTorchs() {
        try (Scope s = Scope.open()) {
            LSTM lstm = new LSTM(10, 20, RecurrentLayer.Options.defaults().withLayers(2).withBidirectional(true));
            Map<String, Tensor> state = lstm.stateDict();
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                    "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1",
                    "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                    List.copyOf(state.keySet()));
            assertArrayEquals(new long[] {80, 10}, state.get("weight_ih_l0").shape());
            assertArrayEquals(new long[] {80, 40}, state.get("weight_ih_l1").shape(), "layer 1 reads both directions");
            assertArrayEquals(new long[] {80, 20}, state.get("weight_hh_l1_reverse").shape());
            assertArrayEquals(new long[] {60, 10}, new GRU(10, 20).parameter("weight_ih_l0").shape());
            RNN noBias = new RNN(10, 20, RNN.Nonlinearity.TANH, RecurrentLayer.Options.defaults().withBias(false));
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(noBias.stateDict().keySet()));
            assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(new LSTMCell(3, 5).stateDict().keySet()));
            assertArrayEquals(new long[] {15, 3}, new GRUCell(3, 5).parameter("weight_ih").shape());
        }
    }

    @Test
    void initIsUniformWithin1OverSqrtHiddenAndSeeded() {
        try (Scope s = Scope.open()) {
            RecurrentLayer.Options seeded = RecurrentLayer.Options.defaults().withGenerator(new Generator(3));
            GRU a = new GRU(6, 16, seeded);
            GRU b = new GRU(6, 16, RecurrentLayer.Options.defaults().withGenerator(new Generator(3)));
            for (Tensor p : a.parameters()) {
                for (double v : p.toDoubleArray()) assertTrue(Math.abs(v) <= 0.25 + 1e-7, "within 1/sqrt(16): " + v);
            }
            assertArrayEquals(a.parameter("weight_hh_l0").toDoubleArray(), b.parameter("weight_hh_l0").toDoubleArray());
        }
    }

    @Test
    void shapesForEveryLayout() {
        try (Scope s = Scope.open()) {
            RecurrentLayer.Options two = RecurrentLayer.Options.defaults().withLayers(2);
            GRU timeMajor = new GRU(3, 5, two);
            RecurrentLayer.Result r = timeMajor.run(Tensor.ones(7, 2, 3));
            assertArrayEquals(new long[] {7, 2, 5}, r.output().shape());
            assertArrayEquals(new long[] {2, 2, 5}, r.h().shape());
            LSTM batchFirst = new LSTM(3, 5, two.withBatchFirst(true).withBidirectional(true));
            r = batchFirst.run(Tensor.ones(2, 7, 3));
            assertArrayEquals(new long[] {2, 7, 10}, r.output().shape());
            assertArrayEquals(new long[] {4, 2, 5}, r.h().shape());
            assertArrayEquals(new long[] {4, 2, 5}, r.c().shape());
            r = batchFirst.run(Tensor.ones(7, 3), Tensor.zeros(4, 5), Tensor.zeros(4, 5));
            assertArrayEquals(new long[] {7, 10}, r.output().shape(), "unbatched");
            assertArrayEquals(new long[] {4, 5}, r.h().shape());
            assertArrayEquals(new long[] {0, 7, 10}, batchFirst.forward(Tensor.ones(0, 7, 3)).shape(), "empty batch");
            batchFirst.to(DType.F64);
            assertEquals(DType.F64, batchFirst.forward(Tensor.ones(DType.F64, 2, 7, 3)).dtype(), "zero states follow to(dtype)");
        }
    }

    @Test
    void unbatchedMatchesABatchOfOne() {
        try (Scope s = Scope.open()) {
            RNN rnn = new RNN(3, 4, RNN.Nonlinearity.TANH, F64.withLayers(2).withGenerator(new Generator(5)));
            Tensor x = seq(0.3, 0.1, 1, 6, 3);
            assertArrayEquals(rnn.forward(x.unsqueeze(1)).squeeze(1).toDoubleArray(), rnn.forward(x).toDoubleArray());
        }
    }

    @Test
    void cellsAreOneStepOfTheirLayer() {
        try (Scope s = Scope.open()) {
            LSTM lstm = new LSTM(3, 4, F64);
            LSTMCell cell = new LSTMCell(3, 4, true, DType.F64, null);
            fill(lstm);
            fill(cell);
            Tensor x = seq(0.37, 0.2, 1, 1, 2, 3);
            Tensor h0 = seq(0.5, 0.1, 0.5, 1, 2, 4), c0 = seq(0.3, 1.0, 0.5, 1, 2, 4);
            RecurrentLayer.Result layer = lstm.run(x, h0, c0);
            LstmState step = cell.step(x.select(0, 0), new LstmState(h0.select(0, 0), c0.select(0, 0)));
            assertArrayEquals(layer.h().toDoubleArray(), step.h().toDoubleArray(), 1e-12);
            assertArrayEquals(layer.c().toDoubleArray(), step.c().toDoubleArray(), 1e-12);
            GRU gru = new GRU(3, 4, F64);
            GRUCell gruCell = new GRUCell(3, 4, true, DType.F64, null);
            fill(gru);
            fill(gruCell);
            assertArrayEquals(gru.forward(x).toDoubleArray(), gruCell.forward(x.select(0, 0)).toDoubleArray(), 1e-12);
            RNN rnn = new RNN(3, 4, RNN.Nonlinearity.RELU, F64);
            RNNCell rnnCell = new RNNCell(3, 4, RNN.Nonlinearity.RELU, true, DType.F64, null);
            fill(rnn);
            fill(rnnCell);
            assertArrayEquals(rnn.forward(x).toDoubleArray(), rnnCell.step(x.select(0, 0), null).toDoubleArray(), 1e-12);
            assertArrayEquals(new long[] {4}, rnnCell.forward(Tensor.ones(DType.F64, 3)).shape(), "unbatched cell");
        }
    }

    @Test
    void dropoutBetweenLayersOnlyInTraining() {
        try (Scope s = Scope.open()) {
            RecurrentLayer.Options o = RecurrentLayer.Options.defaults().withLayers(2).withDropout(0.5).withGenerator(new Generator(1));
            LSTM lstm = new LSTM(3, 8, o);
            Tensor x = Tensor.randn(new Generator(2), 5, 4, 3);
            double[] first = lstm.forward(x).toDoubleArray();
            double[] second = lstm.forward(x).toDoubleArray();
            assertFalse(java.util.Arrays.equals(first, second), "training: a new dropout mask each call");
            lstm.eval();
            assertArrayEquals(lstm.forward(x).toDoubleArray(), lstm.forward(x).toDoubleArray(), "eval: deterministic");
            LSTM single = new LSTM(3, 8, RecurrentLayer.Options.defaults().withDropout(0.5));
            assertArrayEquals(single.forward(x).toDoubleArray(), single.forward(x).toDoubleArray(), "no layer after the last to drop");
        }
    }

    @Test
    void sequenceClassifierWithLastTimeStep() {
        try (Scope s = Scope.open()) {
            LSTM lstm = new LSTM(3, 6, RecurrentLayer.Options.defaults().withBatchFirst(true));
            Sequential model = new Sequential(lstm, new LastTimeStep(1), new Linear(6, 2));
            Tensor x = Tensor.randn(new Generator(4), 5, 7, 3);
            Tensor logits = model.forward(x);
            assertArrayEquals(new long[] {5, 2}, logits.shape());
            RecurrentLayer.Result r = lstm.run(x);
            assertArrayEquals(r.h().select(0, 0).toDoubleArray(), r.output().select(1, 6).toDoubleArray(), "last step = h_n");
            logits.sum().backward();
            for (Tensor p : model.parameters()) assertNotNull(p.grad(), "every parameter gets a gradient");
        }
    }

    @Test
    void trainingStepsInAScopeDontGrowLiveBytes() {
        MemoryStats st = MemoryStats.cpu();
        try (Scope model = Scope.open()) {
            LSTM lstm = new LSTM(3, 8, RecurrentLayer.Options.defaults().withLayers(2).withBidirectional(true).withDropout(0.2));
            Tensor x = Tensor.randn(new Generator(3), 6, 4, 3);
            long afterFirst = 0;
            for (int step = 0; step < 5; step++) {
                try (Scope s = Scope.open()) {
                    RecurrentLayer.Result r = lstm.run(x);
                    r.output().sum().add(r.c().sum()).backward();
                }
                lstm.zeroGrad();
                if (step == 0) afterFirst = st.liveBytes();
            }
            assertEquals(afterFirst, st.liveBytes(), "live bytes after step 1 vs step 5: " + st.snapshot());
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorsNameTheShapes() {
        try (Scope s = Scope.open()) {
            LSTM lstm = new LSTM(4, 6, RecurrentLayer.Options.defaults().withLayers(2));
            assertMessage(() -> lstm.forward(Tensor.ones(8, 5, 3)), "LSTM: input [8, 5, 3] has 3 features but input_size is 4");
            assertMessage(() -> lstm.forward(Tensor.ones(2, 3, 5, 4)), "LSTM: input must be", "[2, 3, 5, 4]");
            assertMessage(() -> lstm.forward(Tensor.ones(0, 5, 4)), "LSTM: input [0, 5, 4]", "no time steps");
            assertMessage(() -> lstm.run(Tensor.ones(8, 5, 4), Tensor.zeros(1, 5, 6), null), "LSTM: h0 [1, 5, 6]", "must be [2, 5, 6]");
            assertMessage(() -> lstm.run(Tensor.ones(8, 5, 4), null, Tensor.zeros(2, 4, 6)), "LSTM: c0 [2, 4, 6]", "must be [2, 5, 6]");
            GRUCell cell = new GRUCell(4, 6);
            assertMessage(() -> cell.forward(Tensor.ones(5, 3)), "GRUCell: input [5, 3] has 3 features but input_size is 4");
            assertMessage(() -> cell.step(Tensor.ones(5, 4), Tensor.zeros(4, 6)), "GRUCell: hx [4, 6]", "must be [5, 6]");
            assertThrows(IllegalArgumentException.class, () -> new GRU(3, 0));
            assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4, RNN.Nonlinearity.TANH,
                    RecurrentLayer.Options.defaults().withLayers(0)));
            assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, RecurrentLayer.Options.defaults().withDropout(1.5)));
        }
    }

    private static void assertMessage(Runnable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
    }
}
