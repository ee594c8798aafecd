/**
 * Work counters: per-op calls, FLOPs and rows, plus rows through each module that reports them
 * (every `Linear`). They stay on (a map update per op) and are what the grader reads to prove that
 * a cached decode step really runs one token, independently of wall-clock time.
 */
export interface OpStats {
  calls: number;
  flops: number;
  /** Rows of the left operand for matmul-like ops, 0 for the others. */
  rows: number;
}

export interface ModuleStats {
  calls: number;
  rows: number;
}

class Counters {
  private readonly ops = new Map<string, OpStats>();
  private readonly modules = new Map<object, ModuleStats>();

  recordOp(name: string, flops: number, rows: number): void {
    let s = this.ops.get(name);
    if (s === undefined) {
      s = { calls: 0, flops: 0, rows: 0 };
      this.ops.set(name, s);
    }
    s.calls++;
    s.flops += flops;
    s.rows += rows;
  }

  recordModule(module: object, rows: number): void {
    let s = this.modules.get(module);
    if (s === undefined) {
      s = { calls: 0, rows: 0 };
      this.modules.set(module, s);
    }
    s.calls++;
    s.rows += rows;
  }

  reset(): void {
    this.ops.clear();
    this.modules.clear();
  }

  /** Stats of one op since the last reset (zeros if it never ran). */
  op(name: string): OpStats {
    return { ...(this.ops.get(name) ?? { calls: 0, flops: 0, rows: 0 }) };
  }

  /** Stats of one module instance since the last reset (zeros if it never ran). */
  module(module: object): ModuleStats {
    return { ...(this.modules.get(module) ?? { calls: 0, rows: 0 }) };
  }

  totalFlops(): number {
    let total = 0;
    for (const s of this.ops.values()) total += s.flops;
    return total;
  }

  snapshot(): Record<string, OpStats> {
    const out: Record<string, OpStats> = {};
    for (const [name, s] of [...this.ops].sort(([a], [b]) => a.localeCompare(b))) out[name] = { ...s };
    return out;
  }
}

export const counters = new Counters();
