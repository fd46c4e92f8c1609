/** Typed events: `on` returns the function that removes the listener. One emitter for the session and the library's face. */

type Listener<E, K extends keyof E> = (value: E[K]) => void;

export interface Events<E> {
  emit<K extends keyof E>(event: K, value: E[K]): void;
  on<K extends keyof E>(event: K, listener: Listener<E, K>): () => void;
}

export function createEvents<E>(): Events<E> {
  const listeners = new Map<keyof E, Set<(value: never) => void>>();
  return {
    emit(event, value) {
      for (const listener of listeners.get(event) ?? []) (listener as Listener<E, typeof event>)(value);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (value: never) => void);
      return () => set.delete(listener as (value: never) => void);
    },
  };
}
