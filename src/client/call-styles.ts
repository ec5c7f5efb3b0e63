import { ENCODINGS, type AuthStyle, type Encoding, type Transport } from './types';

/** The three ways to name a poll. */
export type IdMode = 'attach' | 'entity' | 'signed';

/** One cell of the matrix: how the poll is named and how the caller authenticates. */
export interface CallCell {
  /** `<mode>/<auth>`, a column of the reports. */
  name: string;
  mode: IdMode;
  auth: AuthStyle;
  /**
   * The encoding this cell asks for when the transport speaks it. With a transport that speaks
   * all four (undici, judging a portal) the preferences spread the encodings over the cells, so
   * each is exercised; any other transport runs the cell in an encoding it does speak.
   */
  preferred: Encoding;
}

/** A cell with the encoding it runs in: `<mode>/<auth>/<encoding>`, as shown in reports. */
export interface CallStyle {
  name: string;
  mode: IdMode;
  auth: AuthStyle;
  encoding: Encoding;
}

function cell(mode: IdMode, auth: AuthStyle, preferred: Encoding): CallCell {
  return { name: `${mode}/${auth}`, mode, auth, preferred };
}

/** 3 identifier modes x 2 auth styles: the matrix every success clause is judged in. */
export const CALL_CELLS: readonly CallCell[] = [
  cell('attach', 'webhook', 'json'),
  cell('attach', 'oauth', 'form'),
  cell('entity', 'webhook', 'multipart'),
  cell('entity', 'oauth', 'json'),
  cell('signed', 'webhook', 'json'),
  cell('signed', 'oauth', 'query'),
];

export function styleOf(mode: IdMode, auth: AuthStyle, encoding: Encoding): CallStyle {
  return { name: `${mode}/${auth}/${encoding}`, mode, auth, encoding };
}

/** The cells in their preferred encodings: the call styles of a transport that speaks every encoding. */
export const CALL_STYLES: readonly CallStyle[] = CALL_CELLS.map((c) => styleOf(c.mode, c.auth, c.preferred));

/** The encoding a call is sent in, or why the transport can send no call in this auth style. */
export type EncodingChoice = { encoding: Encoding } | { reason: string };

/**
 * The first of `preferred`, then of all encodings, that the transport says it can express for
 * this auth style. A call is never sent in an encoding the transport refused.
 */
export function chooseEncoding(transport: Pick<Transport, 'supports'>, auth: AuthStyle, preferred: readonly Encoding[]): EncodingChoice {
  const reasons: string[] = [];
  for (const encoding of new Set([...preferred, ...ENCODINGS])) {
    const supported = transport.supports({ auth, encoding });
    if (supported === true) return { encoding };
    if (!reasons.includes(supported)) reasons.push(supported);
  }
  return { reason: `the transport cannot send ${auth === 'oauth' ? 'an OAuth' : 'a webhook'} call in any encoding (${reasons.join('; ')})` };
}

/** The documented values for naming a chat poll by its element. */
export const IM_MODULE_ID = 'Im';
export const IM_ENTITY_TYPE = 'Bitrix\\Vote\\Attachment\\ImMessageConnector';
export const BLOG_MODULE_ID = 'blog';

/** What the suite knows about a poll, enough to name it in every mode. */
export interface PollRef {
  attachId: number;
  entityId: number;
  signedAttachId: string;
}

/** The identifier parameters for a poll in the given mode. */
export function identify(poll: PollRef, mode: IdMode): Record<string, unknown> {
  switch (mode) {
    case 'attach':
      return { attachId: poll.attachId };
    case 'entity':
      return { moduleId: IM_MODULE_ID, entityType: IM_ENTITY_TYPE, entityId: poll.entityId };
    case 'signed':
      return { signedAttachId: poll.signedAttachId };
  }
}
