/**
 * Whether a conversation may go to the cloud now: one table, followed through the session's cloud route
 * (session/cloud-route.ts) by the app and the library alike, and stated in docs/architecture.md. A model chosen as "cloud" by the
 * developer (the library's `model: "cloud"`) is not a fallback and is not decided here.
 */

/** The user's or developer's setting: never send; ask each time; send a fallback without asking. */
export type CloudPolicy = 'never' | 'ask' | 'always';

export interface CloudFacts {
  policy: CloudPolicy;
  /** fallback: the local model could not answer; compare: both answers were wanted; chosen: the user picked the cloud. */
  purpose: 'fallback' | 'compare' | 'chosen';
  /** A key is saved for the endpoint (the library's developer gives it in the options). */
  keySaved: boolean;
  /** Passages of the user's documents would go that the user has not seen listed (the library cannot know: false). */
  unseenPassages: boolean;
  /** The user already agreed to send this conversation there (the app remembers; the library does not). */
  agreed: boolean;
  /** There is a way to ask: the app's dialog, the library's onFallback. */
  canAsk: boolean;
}

/** send: now, without a question; ask: show what would go, send only on a yes; refuse: nothing is sent. */
export type CloudDecision = 'send' | 'ask' | 'refuse';

export function decideCloud(facts: CloudFacts): CloudDecision {
  if (facts.policy === 'never') return 'refuse';
  // A passage of the user's documents leaves only once they have seen it listed: no setting answers for that.
  if (!facts.unseenPassages) {
    if (facts.agreed) return 'send';
    if (facts.purpose === 'fallback' && facts.policy === 'always' && facts.keySaved) return 'send';
  }
  return facts.canAsk ? 'ask' : 'refuse';
}
