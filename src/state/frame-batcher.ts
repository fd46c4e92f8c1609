/** Collects streamed text and hands it on at most once per animation frame, so the DOM updates per frame, not per token. */
export function frameBatcher(apply: (text: string) => void) {
  let pending = '';
  let frame = 0;
  const run = () => {
    frame = 0;
    if (!pending) return;
    const text = pending;
    pending = '';
    apply(text);
  };
  return {
    push(text: string) {
      pending += text;
      frame ||= requestAnimationFrame(run);
    },
    /** Apply what is pending now (at the end of a reply). */
    flush() {
      if (frame) cancelAnimationFrame(frame);
      run();
    },
  };
}
