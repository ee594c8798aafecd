import { noGrad } from './autograd';
import { full } from './creation';
import { check } from './errors';
import { rowMajor } from './ops/movement';
import { fmt, sameShape } from './shape';
import type { Tensor } from './tensor';

/** Tensors reachable from `root` through recorded nodes, inputs before the ops that use them. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const inputs = top[0].node?.inputs ?? [];
    if (top[1] < inputs.length) {
      const next = inputs[top[1]++];
      if (next.requiresGrad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order;
}

/** Reverse-mode accumulation from `root`; leaves that require grad get `.grad` added to. */
export function backward(root: Tensor, grad?: Tensor): void {
  check(root.requiresGrad, 'AUTOGRAD', 'backward', () => 'this tensor does not require grad (was it computed under noGrad, or from tensors without requiresGrad?)');
  check(grad !== undefined || root.size === 1, 'AUTOGRAD', 'backward', () => `a non-scalar ${fmt(root.shape)} needs an explicit gradient; call backward() on a scalar loss`);
  check(grad === undefined || sameShape(grad.shape, root.shape), 'AUTOGRAD', 'backward', () =>
    `the gradient ${fmt(grad!.shape)} must have the output's shape ${fmt(root.shape)}`);
  noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    // Ones, not root * 0 + 1: an infinite or NaN loss must still seed a gradient of 1 (as PyTorch).
    grads.set(root, grad ?? full(root.shape, 1));
    const order = topoOrder(root);
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t);
      if (t.node === null) {
        accumulateLeaf(t, g);
        continue;
      }
      const inputGrads = t.node.backward(g);
      t.node.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (gi === null || gi === undefined || !input.requiresGrad) return;
        check(sameShape(gi.shape, input.shape), 'AUTOGRAD', t.node!.op, () =>
          `backward produced a gradient of shape ${fmt(gi.shape)} for an input of shape ${fmt(input.shape)}`);
        const prev = grads.get(input);
        grads.set(input, prev === undefined ? gi : prev.add(gi));
      });
    }
  });
}

function accumulateLeaf(t: Tensor, g: Tensor): void {
  if (t.grad === null) {
    t.grad = g.clone();
    return;
  }
  const src = rowMajor(g); // a private copy of a strided g, not a recorded contiguous op
  const dst = t.grad.data;
  for (let i = 0; i < dst.length; i++) dst[i] += src[i];
}
