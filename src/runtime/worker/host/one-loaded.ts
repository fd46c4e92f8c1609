/** One embedding model loaded at a time: a second load of the same model waits for the first instead of loading it twice. */
export class OneLoaded<T extends { spec: { url: string } }> {
  current: T | null = null;
  private loading: Promise<T> | null = null;

  /** The model at `url`, opened by `open` unless it is the one loaded. */
  async load(url: string, open: () => Promise<T>): Promise<T> {
    if (this.current?.spec.url === url) return this.current;
    if (this.loading) await this.loading.catch(() => {});
    if (this.current?.spec.url === url) return this.current;
    this.loading = open();
    try {
      this.current = await this.loading;
      return this.current;
    } finally {
      this.loading = null;
    }
  }

  /** Forgets the loaded model and returns it, for the caller to release. */
  take(): T | null {
    const current = this.current;
    this.current = null;
    return current;
  }
}
