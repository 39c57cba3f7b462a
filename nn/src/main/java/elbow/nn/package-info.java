/**
 * Neural-network building blocks on top of {@code elbow.autograd}: modules and their named parameters,
 * layers, optimisers, learning-rate schedules and checkpoints.
 *
 * <pre>{@code
 * Rng rng = new Rng(1);
 * Mlp encoder = new Mlp(new int[] {784, 200, 200, 100}, Activation.Kind.TANH, false, DType.F32, rng);
 * System.out.println(ModelSummary.of(encoder, 20, 784));
 * Adam adam = new Adam(encoder.parameters(), 1e-3, 0.9, 0.999, 1e-4);
 * adam.zeroGrad();
 * loss(encoder.forward(batch)).backward();
 * adam.step();
 * Checkpoint.save(Path.of("out/checkpoint.safetensors"), encoder, adam);
 * }</pre>
 *
 * <ul>
 *   <li>Model: {@link elbow.nn.Module} (a tree of named parameters and children, PyTorch's naming),
 *       {@link elbow.nn.Layer} (one input, one output, a shape rule), {@link elbow.nn.Linear},
 *       {@link elbow.nn.Activation}, {@link elbow.nn.Sequential}, {@link elbow.nn.Mlp},
 *       {@link elbow.nn.Init}, {@link elbow.nn.Parameter}, {@link elbow.nn.ModelSummary}.</li>
 *   <li>Training: {@link elbow.nn.Optimizer} with {@link elbow.nn.Sgd}, {@link elbow.nn.Adam},
 *       {@link elbow.nn.AdaGrad}; {@link elbow.nn.LearningRateSchedule}, {@link elbow.nn.IwaeSchedule}.</li>
 *   <li>Files: {@link elbow.nn.Checkpoint} (model and optimiser), {@link elbow.nn.Safetensors}
 *       (the format), {@link elbow.nn.AtomicFile} (crash-safe writes).</li>
 *   <li>Testing: {@link elbow.nn.ParameterGradCheck}, finite-difference checks of the gradients a
 *       whole model accumulates in its parameters.</li>
 * </ul>
 */
package elbow.nn;
