package elbow.tensor;

/** Elementwise functions of two broadcast tensors. Comparisons give 1 or 0 in the operands' dtype. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, LT, LE, GT, GE, EQ, NE
}
