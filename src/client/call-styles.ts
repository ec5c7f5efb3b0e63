import type { AuthStyle, Encoding } from './types';

/** The three ways to name a poll. */
export type IdMode = 'attach' | 'entity' | 'signed';

/** One cell of the matrix: how the poll is named, how the caller authenticates, how params travel. */
export interface CallStyle {
  /** `<mode>/<auth>/<encoding>`, as shown in reports. */
  name: string;
  mode: IdMode;
  auth: AuthStyle;
  encoding: Encoding;
}

function style(mode: IdMode, auth: AuthStyle, encoding: Encoding): CallStyle {
  return { name: `${mode}/${auth}/${encoding}`, mode, auth, encoding };
}

/**
 * 3 identifier modes x 2 auth styles. The four encodings are spread over the cells so each is
 * exercised, and every mode and every auth style has one JSON cell (the encoding every SDK can send).
 */
export const CALL_STYLES: readonly CallStyle[] = [
  style('attach', 'webhook', 'json'),
  style('attach', 'oauth', 'form'),
  style('entity', 'webhook', 'multipart'),
  style('entity', 'oauth', 'json'),
  style('signed', 'webhook', 'json'),
  style('signed', 'oauth', 'query'),
];

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
