/** Counts the pieces an engine emits after Stop reached it: "Stop takes effect within one token", measured where it is decided. */
export function stopMeter() {
  let pieces = 0;
  let atStop: number | undefined;
  return {
    piece(): void {
      pieces++;
    },
    stopped(): void {
      atStop ??= pieces;
    },
    /** Pieces after the stop, or undefined when there was none. */
    get after(): number | undefined {
      return atStop === undefined ? undefined : pieces - atStop;
    },
  };
}
