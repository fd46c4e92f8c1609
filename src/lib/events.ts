/** The runtime's typed events, on the session's emitter: `on` returns the function that removes the listener. */
import { createEvents as createEmitter, type Events as SessionEvents } from '../runtime/page/session/events.ts';
import type { RuntimeEvents } from './types.ts';

export type Events = SessionEvents<RuntimeEvents>;

export const createEvents = (): Events => createEmitter<RuntimeEvents>();
