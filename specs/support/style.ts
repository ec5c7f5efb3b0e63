import { chooseEncoding, type CallCell, type IdMode } from '../../src/client/call-styles';
import type { AuthStyle, Encoding } from '../../src/client/types';
import { Skip } from './clause-test';
import { missingReason, type SuiteContext } from './context';

/**
 * A case's call style on this transport: the encoding it runs in, or why it cannot run at all.
 * `name` is the report label, `<mode>/<auth>/<encoding>`, or `<mode>/<auth>` when the transport
 * has no encoding for the auth style.
 */
export type PlannedStyle = { name: string; mode: IdMode; auth: AuthStyle } & (
  | { encoding: Encoding; skip?: Skip }
  | { encoding?: undefined; skip: Skip }
);

/**
 * The first encoding of `preferred` the transport speaks, else the first it speaks at all. The
 * only skip is an auth style the transport cannot express in any encoding.
 */
export function planStyle(ctx: SuiteContext, mode: IdMode, auth: AuthStyle, preferred: readonly Encoding[]): PlannedStyle {
  const choice = chooseEncoding(ctx.transport, auth, preferred);
  if ('reason' in choice) return { name: `${mode}/${auth}`, mode, auth, skip: new Skip(choice.reason) };
  return { name: `${mode}/${auth}/${choice.encoding}`, mode, auth, encoding: choice.encoding };
}

/** A matrix cell on this transport; an OAuth cell also needs the target's OAuth token. */
export function planCell(ctx: SuiteContext, cell: CallCell): PlannedStyle {
  const planned = planStyle(ctx, cell.mode, cell.auth, [cell.preferred]);
  if (planned.skip || cell.auth !== 'oauth') return planned;
  const missing = missingReason(ctx.target, 'oauth');
  return missing ? { ...planned, skip: new Skip(missing) } : planned;
}

/** The style a planned case sends in, or its skip. */
export function sendable(planned: PlannedStyle): { auth: AuthStyle; encoding: Encoding } | Skip {
  if (planned.encoding === undefined) return planned.skip;
  return planned.skip ?? { auth: planned.auth, encoding: planned.encoding };
}
