import type { Dispatcher } from 'undici';
import type { Credentials } from '../client/types';

import type { TargetKind } from '../run-files';

export type { TargetKind };

/** What the suite knows about the portal under test. */
export interface Target {
  kind: TargetKind;
  /** scheme://host[:port] of the portal, with no secret in it. */
  origin: string;
  /** A chat where the suite may create polls; participant and co-voter are members, outsider is not. */
  chatId: number;
  participant: Credentials;
  covoter?: Credentials;
  outsider?: Credentials;
  /**
   * For each optional identity or secret that is absent: the environment variable that would
   * provide it. A case that needs it is skipped, naming the variable.
   */
  missing: Record<string, string>;
  /** PEM of a CA to trust for this target only (the reference portal's self-signed certificate). */
  ca?: string;
  /** Replay targets answer through this dispatcher and open no socket. */
  dispatcher?: Dispatcher;
  close(): Promise<void>;
}
