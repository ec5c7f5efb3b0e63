import { randomBytes } from 'node:crypto';
import { faker } from '@faker-js/faker/locale/en';

export type PortalRole = 'participant' | 'covoter' | 'outsider' | 'member';

export interface PortalUser {
  id: number;
  role: PortalRole;
  name: string;
  workPosition: string;
  webhookSecret: string;
}

/** Fixed secrets, for a portal whose URLs must survive a restart. Anything left out is random. */
export interface PortalSecrets {
  participantWebhook?: string;
  participantToken?: string;
  covoterWebhook?: string;
  outsiderWebhook?: string;
  expiredToken?: string;
  /** Key of the HMAC behind `signedAttachId`. */
  signingKey?: string;
}

export interface WorldOptions {
  seed?: number;
  secrets?: PortalSecrets;
  /** Chat members besides participant and co-voter (for load tests). */
  extraMembers?: number;
}

/** The people and the chat a portal starts with. */
export interface World {
  chatId: number;
  users: PortalUser[];
  chatMembers: Set<number>;
  participantId: number;
  covoterId: number;
  outsiderId: number;
  /** Live OAuth tokens and the user each acts for. */
  tokens: Map<string, number>;
  expiredTokens: Map<string, number>;
  signingKey: string;
}

export const DEFAULT_SEED = 24;
const CHAT_ID = 27;
const FIRST_USER_ID = 11;
const FIRST_EXTRA_USER_ID = 101;

function webhookSecret(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

function accessToken(): string {
  return randomBytes(35).toString('hex');
}

export function createWorld(options: WorldOptions = {}): World {
  faker.seed(options.seed ?? DEFAULT_SEED);
  const secrets = options.secrets ?? {};
  const person = (id: number, role: PortalRole, secret: string | undefined): PortalUser => ({
    id,
    role,
    name: `${faker.person.firstName()} ${faker.person.lastName()}`,
    workPosition: faker.person.jobTitle(),
    webhookSecret: secret ?? webhookSecret(),
  });
  const participant = person(FIRST_USER_ID, 'participant', secrets.participantWebhook);
  const covoter = person(FIRST_USER_ID + 1, 'covoter', secrets.covoterWebhook);
  const outsider = person(FIRST_USER_ID + 2, 'outsider', secrets.outsiderWebhook);
  const extras = Array.from({ length: options.extraMembers ?? 0 }, (_, index) =>
    person(FIRST_EXTRA_USER_ID + index, 'member', undefined),
  );
  const users = [participant, covoter, outsider, ...extras];
  return {
    chatId: CHAT_ID,
    users,
    chatMembers: new Set([participant.id, covoter.id, ...extras.map((user) => user.id)]),
    participantId: participant.id,
    covoterId: covoter.id,
    outsiderId: outsider.id,
    tokens: new Map([[secrets.participantToken ?? accessToken(), participant.id]]),
    expiredTokens: new Map([[secrets.expiredToken ?? accessToken(), participant.id]]),
    signingKey: secrets.signingKey ?? randomBytes(32).toString('hex'),
  };
}
