/**
 * The cloud as the runtime's options give it to the session: the endpoint, the developer's key, the
 * fallback setting, and onFallback as the way to ask. What may be sent is decided by the session
 * (runtime/page/session/cloud-decision.ts), as for every face.
 */

import type { CloudSetup } from '../runtime/index.ts';
import { cloudModelSpec } from '../runtime/page/engines/cloud/endpoint.ts';
import type { CloudModelSpec } from '../runtime/shared/engine.ts';
import { inEnglish } from '../runtime/shared/errors/said.ts';
import type { RuntimeOptions } from './types.ts';

export const cloudSpecOf = (options: RuntimeOptions): CloudModelSpec | null =>
  options.cloud ? cloudModelSpec(options.cloud.baseURL, options.cloud.model) : null;

/** `standing`: whether a standing "always" counts (a widget's visitor never set one). */
export function cloudSetupOf(options: RuntimeOptions, { standing = true } = {}): CloudSetup | null {
  const spec = cloudSpecOf(options);
  if (!spec) return null;
  const onFallback = options.onFallback;
  return {
    spec: () => spec,
    keyFor: async (endpoint) => {
      if (endpoint !== spec.url) return undefined;
      const key = options.cloud?.apiKey;
      return typeof key === 'function' ? key() : key;
    },
    // Calling compare() is asking for the cloud's answer: without a fallback setting, it asks rather than refuses.
    policy: (purpose) => options.fallback ?? (purpose === 'compare' ? 'ask' : 'never'),
    // The developer gives the key (or a server that needs none).
    keySaved: async () => true,
    standing,
    ask: onFallback
      ? (q) =>
          Promise.resolve(
            onFallback({
              messages: q.request.messages,
              host: q.host,
              model: q.model,
              reason: q.reason ? inEnglish(q.reason) : 'compare',
              purpose: q.purpose === 'compare' ? 'compare' : 'fallback',
            }),
          )
      : undefined,
  };
}
