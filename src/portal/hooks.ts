import { ERROR_CATALOGUE } from './errors';
import type { ErrorCatalogue, ErrorKey, PortalError, Refusal } from './errors';
import type { Ballot, Params, Poll, PortalStore } from './store';
import type { World } from './world';

export type Json = Record<string, unknown>;

/** Who is looking at a rendered attach. */
export interface AttachContext {
  poll: Poll;
  userId: number;
}

export interface InterceptContext {
  method: string;
  userId: number;
  /** Seeded generator, so a flaky variant is reproducible. */
  random: () => number;
}

/** One method call as the store is about to run it; `method` is lower-case. */
export interface CallContext {
  store: PortalStore;
  method: string;
  userId: number;
  params: Params;
}

/** What running a method gave, before the refusal is rendered as an error. */
export type RawOutcome = { ok: true; result: unknown; topLevel?: Json } | { ok: false; refusal: Refusal };

/** Runs the method (or, for a stacked deviation, the next wrapper) as `userId` with `params`. */
export type RunCall = (userId: number, params: Params) => RawOutcome;

/** The credential a request carried, and what the faithful check made of it. */
export interface AuthContext {
  credential: { kind: 'webhook'; userId: string; secret: string } | { kind: 'oauth'; token: string | undefined };
  world: World;
  /** The faithful verdict: the user id, or the refusal. */
  verdict: number | Refusal;
}

/** The parameters of a request before they are merged: query string and decoded body. */
export interface ParamParts {
  query: Params;
  body: Params;
  contentType: string | undefined;
  httpMethod: string;
}

/**
 * The points where a named deviation may change the portal. The faithful portal is
 * `FAITHFUL_HOOKS`; a fault or a variant overrides a few of these and nothing else.
 */
export interface PortalHooks {
  /** Whether a voter may change or withdraw a ballot. */
  revoteAllowed(poll: Poll): boolean;
  /** How recall changes the state. The caller has a live ballot. */
  withdrawBallot(poll: Poll, userId: number): void;
  /** Refusal for a recall by someone without a live ballot; `undefined` lets it succeed. */
  recallWithoutVote(poll: Poll, userId: number): ErrorKey | undefined;
  /** The ballots every counter, percentage and voter list is derived from. */
  countedBallots(poll: Poll): Ballot[];
  /** Last touch on an attach as one user sees it. */
  renderAttach(attach: Json, context: AttachContext): Json;
  /** A refusal that replaces the call before anything runs. */
  intercept(context: InterceptContext): ErrorKey | undefined;
  /** The `time` member; `undefined` leaves it out. */
  renderTime(time: Json | undefined): Json | undefined;
  /** The whole success body, after `time` is in place. */
  renderSuccess(body: Json, method: string): Json;
  renderError(error: PortalError): PortalError;
  serialise(body: unknown): string;
  /** Content-Type header of every answer. */
  contentType(method: string | undefined): string;
  /** Wraps every method call: may change its input, its outcome, or the state around it. */
  aroundCall(call: CallContext, run: RunCall): RawOutcome;
  /** Who a credential authenticates as. */
  authenticate(auth: AuthContext): number | Refusal;
  /** The request's parameter parts as decoded; the method sees the query merged with the body. */
  requestParts(parts: ParamParts): ParamParts;
  errors: ErrorCatalogue;
}

export const FAITHFUL_HOOKS: PortalHooks = {
  revoteAllowed: (poll) => poll.options === 1,
  withdrawBallot(poll, userId) {
    const ballot = poll.ballots.get(userId);
    if (!ballot) return;
    poll.ballots.delete(userId);
    poll.withdrawn.push(ballot);
  },
  recallWithoutVote: () => undefined,
  countedBallots: (poll) => [...poll.ballots.values()],
  renderAttach: (attach) => attach,
  intercept: () => undefined,
  renderTime: (time) => time,
  renderSuccess: (body) => body,
  renderError: (error) => error,
  serialise: (body) => JSON.stringify(body),
  contentType: () => 'application/json; charset=utf-8',
  aroundCall: (call, run) => run(call.userId, call.params),
  authenticate: (auth) => auth.verdict,
  requestParts: (parts) => parts,
  errors: ERROR_CATALOGUE,
};

/** Everything a deviation may carry: a name, a reason, and a few hook overrides. */
export interface Deviation extends Partial<Omit<PortalHooks, 'errors'>> {
  name: string;
  /** `fault` breaks a documented rule; `variant` differs only where the docs are silent. */
  kind: 'fault' | 'variant';
  description: string;
  /** Clause IDs of the suite expected to catch this fault (empty for variants). */
  clauses: string[];
  errors?: Partial<ErrorCatalogue>;
}

/**
 * Stacks deviations on the faithful hooks. Renderers, `requestParts` and `authenticate` chain
 * (each sees the previous output or verdict),
 * `aroundCall` wrappers nest (the later one outside); every other hook is replaced by the last
 * deviation that sets it.
 */
export function composeHooks(deviations: readonly Deviation[]): PortalHooks {
  let hooks: PortalHooks = { ...FAITHFUL_HOOKS, errors: { ...ERROR_CATALOGUE } };
  for (const deviation of deviations) {
    const previous = hooks;
    const next: PortalHooks = { ...previous, errors: { ...previous.errors, ...deviation.errors } };
    const { renderAttach, renderTime, renderSuccess, renderError, requestParts, authenticate } = deviation;
    if (renderAttach) next.renderAttach = (attach, context) => renderAttach(previous.renderAttach(attach, context), context);
    if (renderTime) next.renderTime = (time) => renderTime(previous.renderTime(time));
    if (renderSuccess) next.renderSuccess = (body, method) => renderSuccess(previous.renderSuccess(body, method), method);
    if (renderError) next.renderError = (error) => renderError(previous.renderError(error));
    if (requestParts) next.requestParts = (parts) => requestParts(previous.requestParts(parts));
    if (authenticate) next.authenticate = (auth) => authenticate({ ...auth, verdict: previous.authenticate(auth) });
    const { aroundCall } = deviation;
    if (aroundCall) {
      next.aroundCall = (call, run) =>
        aroundCall(call, (userId, params) => previous.aroundCall({ ...call, userId, params }, run));
    }
    const replaced = [
      'revoteAllowed', 'withdrawBallot', 'recallWithoutVote', 'countedBallots', 'intercept', 'serialise',
      'contentType',
    ] as const;
    for (const key of replaced) {
      const override = deviation[key];
      if (override) (next as unknown as Record<string, unknown>)[key] = override;
    }
    hooks = next;
  }
  return hooks;
}
