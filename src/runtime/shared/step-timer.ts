/** Times the steps of one operation (a model load), so the record says where a warm start goes. */
export interface StepTimer {
  /** Ends the step running since the last call (or the start) and names it. */
  step(name: string): void;
  /** Milliseconds per named step, rounded. */
  readonly steps: Record<string, number>;
}

export function stepTimer(now: () => number = () => performance.now()): StepTimer {
  let last = now();
  const steps: Record<string, number> = {};
  return {
    step(name) {
      const t = now();
      steps[name] = Math.round((steps[name] ?? 0) + t - last);
      last = t;
    },
    steps,
  };
}
