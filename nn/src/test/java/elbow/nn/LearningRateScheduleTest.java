package elbow.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LearningRateScheduleTest {
    @Test
    void constantExponentialStep() {
        assertEquals(0.3, LearningRateSchedule.constant(0.3).at(12345));
        LearningRateSchedule exp = LearningRateSchedule.exponential(1e-2, 0.5);
        assertEquals(1e-2, exp.at(0));
        assertEquals(1e-2 / 8, exp.at(3), 1e-18);
        LearningRateSchedule step = LearningRateSchedule.step(1.0, 0.1, 100);
        assertEquals(1.0, step.at(0));
        assertEquals(1.0, step.at(99));
        assertEquals(0.1, step.at(100), 1e-16);
        assertEquals(0.01, step.at(250), 1e-16);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(1, -0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1, 0.5, 0));
    }

    @Test
    void perEpoch() {
        LearningRateSchedule s = LearningRateSchedule.exponential(1.0, 0.5).perEpoch(3000);
        assertEquals(1.0, s.at(2999));
        assertEquals(0.5, s.at(3000));
        assertEquals(0.25, s.at(6001));
    }

    /** Burda et al.: 3^i epochs at 1e-3 · 10^(−i/7), i = 0..7, 3280 epochs in all. */
    @Test
    void iwaeStages() {
        IwaeSchedule s = LearningRateSchedule.iwae();
        assertEquals(3280, s.totalEpochs());
        int[] firstEpochOfStage = {0, 1, 4, 13, 40, 121, 364, 1093};
        for (int i = 0; i < 8; i++) {
            int start = firstEpochOfStage[i];
            assertEquals(i, s.stage(start), "first epoch of stage " + i);
            if (i > 0) assertEquals(i - 1, s.stage(start - 1), "last epoch of stage " + (i - 1));
            assertEquals(1e-3 * Math.pow(10, -i / 7.0), s.at(start), 1e-18);
        }
        assertEquals(1e-3, s.at(0));
        assertEquals(1e-4, s.at(3279), 1e-18);
        assertEquals(1e-4, s.at(100_000), 1e-18); // after the last stage, the last rate
        LearningRateSchedule bySteps = s.perEpoch(3000);
        assertEquals(1e-3, bySteps.at(2999));
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), bySteps.at(3000), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> s.stage(-1));
    }
}
