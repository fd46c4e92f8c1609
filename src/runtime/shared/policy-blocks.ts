/**
 * Connections the Content-Security-Policy refused, on the page or in the worker. A refused fetch looks
 * like any network failure; this tells the two apart, so the message can say "reload once" instead
 * of "check your connection".
 */

import { NetworkError } from './errors/errors.ts';
import { say } from './errors/said.ts';
import { policySource } from './store/allowed-hosts.ts';

const blocked = new Set<string>();

interface ViolationTarget {
  addEventListener(type: 'securitypolicyviolation', listener: (event: SecurityPolicyViolationEvent) => void): void;
}

export function watchPolicyBlocks(scope: ViolationTarget): void {
  scope.addEventListener('securitypolicyviolation', (event) => {
    // One line for whoever deploys InPage: which address, which rule.
    console.error(`InPage: the Content-Security-Policy blocked ${event.blockedURI} (${event.effectiveDirective}).`);
    try {
      blocked.add(new URL(event.blockedURI).origin);
    } catch {
      // "inline" or "eval": not an address.
    }
  });
}

/** After a failed fetch of `url`: the error to report if the policy refused it, else null. */
export async function policyBlockError(url: string): Promise<NetworkError | null> {
  // The violation event is queued separately from the fetch's failure; give it a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const { origin, host } = new URL(url);
  if (!blocked.has(origin)) return null;
  // A policy's host-source cannot name an IPv6 literal ("[::1]"), so reloading would not help.
  if (policySource(url) === null) {
    return new NetworkError(say('policyIpv6', { host }), { url, blockedByPolicy: true, nextSteps: ['page'] });
  }
  return new NetworkError(say('policyReload', { host }), { url, blockedByPolicy: true, nextSteps: ['page'] });
}
