/** The runtime's typed events: `on` returns the function that removes the listener. */
import type { RuntimeEvents } from './types.ts';

type Listener<K extends keyof RuntimeEvents> = (value: RuntimeEvents[K]) => void;

export interface Events {
  emit<K extends keyof RuntimeEvents>(event: K, value: RuntimeEvents[K]): void;
  on<K extends keyof RuntimeEvents>(event: K, listener: Listener<K>): () => void;
}

export function createEvents(): Events {
  const listeners = new Map<keyof RuntimeEvents, Set<(value: never) => void>>();
  return {
    emit(event, value) {
      for (const listener of listeners.get(event) ?? []) (listener as Listener<typeof event>)(value);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (value: never) => void);
      return () => set.delete(listener as (value: never) => void);
    },
  };
}
