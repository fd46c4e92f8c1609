/**
 * Whether a request may go to the cloud now: one table, read by the session for every face (the app,
 * the library, the widget, the AI SDK) and stated in docs/architecture.md. Faces give facts; none
 * decides on its own.
 */

/** The user's or developer's setting: never send; ask each time; send a fallback without asking. */
export type CloudPolicy = 'never' | 'ask' | 'always';

export interface CloudFacts {
  policy: CloudPolicy;
  /**
   * fallback: this device could not answer; compare: both answers were wanted; chosen: the person
   * picked the cloud for this request; configured: the developer made the cloud the model (`model: "cloud"`).
   */
  purpose: 'fallback' | 'compare' | 'chosen' | 'configured';
  /** A key is saved for the endpoint (the library's developer gives it in the options). */
  keySaved: boolean;
  /** Passages of the user's documents would go that the user has not seen listed (the library cannot know: false). */
  unseenPassages: boolean;
  /** The user already agreed to send this conversation there (remembered per conversation). */
  agreed: boolean;
  /** There is a way to ask: the app's dialog, the widget's panel, the library's onFallback. */
  canAsk: boolean;
  /** The face can offer the cloud under a failed reply rather than ask at once (the app). */
  canOffer: boolean;
  /** A standing "always" counts: set by the person asked (the app's user) or the developer; not by a widget's attribute, which the visitor never saw. */
  standing: boolean;
}

/** send: now, without a question; ask: show what would go, send only on a yes; offer: say the cloud could answer, send nothing; refuse: nothing is sent. */
export type CloudDecision = 'send' | 'ask' | 'offer' | 'refuse';

export function decideCloud(f: CloudFacts): CloudDecision {
  // The developer chose the cloud as the model: not a fallback, so no setting of the fallback applies.
  if (f.purpose === 'configured') return 'send';
  if (f.policy === 'never') return 'refuse';
  const ask = f.canAsk ? 'ask' : 'refuse';
  // A passage of the user's documents leaves only once they have seen it listed: no setting answers for that.
  if (f.unseenPassages) return ask;
  // Each comparison is priced and shown before it is sent.
  if (f.purpose === 'compare') return ask;
  if (f.agreed) return 'send';
  if (f.purpose === 'fallback') {
    if (f.policy === 'always' && f.keySaved && f.standing) return 'send';
    if (f.policy === 'ask' && f.canOffer) return 'offer';
  }
  return ask;
}
