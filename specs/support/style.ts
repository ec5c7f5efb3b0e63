import type { AuthStyle, Encoding } from '../../src/client/types';
import { Skip } from './clause-test';
import { missingReason, type SuiteContext } from './context';

/** Why a call style cannot run here: no OAuth token on the target, or a transport that cannot express it. */
export function styleSkip(ctx: SuiteContext, style: { auth: AuthStyle; encoding: Encoding }): Skip | undefined {
  const missing = style.auth === 'oauth' ? missingReason(ctx.target, 'oauth') : undefined;
  if (missing) return new Skip(missing);
  const supported = ctx.transport.supports(style);
  return supported === true ? undefined : new Skip(supported);
}
