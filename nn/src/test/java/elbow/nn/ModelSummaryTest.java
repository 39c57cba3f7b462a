package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSummaryTest {
    @Test
    void mlpTable() {
        Mlp encoder = new Mlp(new int[] {784, 200, 200, 50}, Activation.Kind.TANH, false, DType.F32, new Rng(1));
        ModelSummary s = ModelSummary.of(encoder, 20, 784);
        String expected = String.join("\n",
                "=======================================================",
                "Layer (type)                    Output shape    Param #",
                "=======================================================",
                "Mlp(784-200-200-50, Tanh)       [20, 50]        --",
                "├─0: Linear(in=784, out=200)    [20, 200]       157,000",
                "├─1: Tanh                       [20, 200]       --",
                "├─2: Linear(in=200, out=200)    [20, 200]       40,200",
                "├─3: Tanh                       [20, 200]       --",
                "└─4: Linear(in=200, out=50)     [20, 50]        10,050",
                "=======================================================",
                "Total params: 207,250",
                "Trainable params: 207,250",
                "Params size: 0.83 MB",
                "=======================================================",
                "");
        assertEquals(expected, s.toString().replace(System.lineSeparator(), "\n"));
        assertEquals(207_250, s.totalParameters());
        assertEquals(207_250L * 4, s.parameterBytes());
        assertEquals(6, s.rows().size());
        assertEquals("4", s.rows().get(5).path());
    }

    @Test
    void nestedModelWithSeveralInputs() {
        ModuleTest.Vae vae = new ModuleTest.Vae(DType.F32, new Rng(1));
        ModelSummary s = ModelSummary.of(vae, Map.of(
                "encoder.trunk", new int[] {20, 784}, "encoder.mean", new int[] {20, 200}, "encoder.log_variance", new int[] {20, 200},
                "decoder", new int[] {5, 20, 50}));
        String table = s.toString();
        assertTrue(table.contains("│ ├─trunk: Mlp(784-200-200, Tanh)"), table);
        assertTrue(table.contains("│ │ └─3: Tanh"), table);
        assertTrue(table.contains("│ └─log_variance: Linear(in=200, out=50)"), table);
        assertTrue(table.contains("└─decoder: Mlp(50-200-200-784, Tanh)"), table);
        assertTrue(table.contains("  └─4: Linear(in=200, out=784)"), table);
        assertEquals(vae.parameterCount(), s.totalParameters());
        ModelSummary.Row decoderOut = s.rows().get(s.rows().size() - 1);
        assertEquals("decoder.4", decoderOut.path());
        assertArrayEquals(new int[] {5, 20, 784}, decoderOut.outputShape());
        assertNull(s.rows().get(0).outputShape()); // the VAE itself is not a Layer
        assertEquals(3, decoderOut.depth() + 1);
    }

    @Test
    void withoutShapesAndBadPaths() {
        Mlp mlp = new Mlp(new int[] {3, 4}, Activation.Kind.RELU, true, DType.F64, new Rng(1));
        String table = ModelSummary.of(mlp).toString();
        assertTrue(table.contains("├─0: Linear(in=3, out=4)    --"), table);
        assertTrue(table.contains("Params size: 0.00 MB"), table);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(mlp, Map.of("9", new int[] {1, 3})));
        assertTrue(e.getMessage().contains("'9'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(mlp, 2, 5));
    }
}
