/** An error as the portal puts it on the wire: HTTP status plus the `error`/`error_description` pair. */
export interface PortalError {
  status: number;
  code: string;
  description: string;
}

/**
 * Every refusal the portal can give, by a stable key. Store and HTTP layer raise keys, never
 * literal codes, so a faithful variant can swap the status or code of one refusal in one place.
 */
export const ERROR_CATALOGUE = {
  attachNotFound: { status: 400, code: 'ATTACH_NOT_FOUND', description: 'Attach not found' },
  readAccessDenied: {
    status: 403,
    code: 'ATTACH_READ_ACCESS_DENIED',
    description: 'Attach read access denied',
  },
  /** The Russian pages' code 100 and its wire message: no identifier, or one that is not well formed. */
  missingIdentifier: {
    status: 400,
    code: '100',
    description: 'Bitrix\\Vote\\Attach All parameters in the constructor must have real class type',
  },
  malformedIdentifier: {
    status: 400,
    code: '100',
    description: 'Bitrix\\Vote\\Attach All parameters in the constructor must have real class type',
  },
  editAccessDenied: {
    status: 403,
    code: 'ATTACH_EDIT_ACCESS_DENIED',
    description: 'Only the author of the poll can change it',
  },
  pollInactive: { status: 403, code: '403', description: 'The poll is inactive.' },
  revoteDisabled: { status: 400, code: '400', description: 'Cannot save poll.' },
  recallWithoutVote: { status: 400, code: '400', description: 'You have not voted in this poll' },
  invalidBallot: { status: 400, code: '400', description: 'Cannot save poll.' },
  invalidSignature: {
    status: 400,
    code: 'INVALID_SIGNATURE',
    description: 'signedAttachId does not carry a valid signature',
  },
  invalidArgument: { status: 400, code: 'ERROR_ARGUMENT', description: 'Invalid parameters' },
  sendEmpty: { status: 400, code: '400', description: 'Please enter a question and answer options' },
  sendTooManyQuestions: { status: 400, code: '400', description: 'Maximum number of questions: 1' },
  sendTooFewAnswers: { status: 400, code: '400', description: 'Minimum number of answers: 2' },
  sendTooManyAnswers: { status: 400, code: '400', description: 'Maximum number of answers: 10' },
  sendForbidden: { status: 403, code: '403', description: 'Insufficient rights to create a survey' },
  tooManyEntityIds: { status: 400, code: '', description: 'Too many entity ids' },
  entityNotFound: { status: 400, code: '', description: 'Attach with entityId {id} not found' },
  entityReadDenied: { status: 400, code: '', description: 'Attach with entityId {id} read access denied' },
  messageIdError: { status: 400, code: 'MESSAGE_ID_ERROR', description: "Message ID can't be empty" },
  cantEditMessage: {
    status: 403,
    code: 'CANT_EDIT_MESSAGE',
    description: "Time has expired for modification or you don't have access",
  },
  noAuth: { status: 401, code: 'NO_AUTH_FOUND', description: 'Wrong authorization data' },
  expiredToken: { status: 401, code: 'expired_token', description: 'The access token provided has expired' },
  methodNotFound: { status: 404, code: 'ERROR_METHOD_NOT_FOUND', description: 'Method not found!' },
  pathNotFound: { status: 404, code: 'NOT_FOUND', description: 'Only /rest/ paths are served here' },
  httpMethodNotAllowed: {
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    description: 'Use GET or POST',
  },
  queryLimitExceeded: { status: 503, code: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' },
  bodyTooLarge: { status: 413, code: 'REQUEST_TOO_LARGE', description: 'The request body exceeds {limit} bytes' },
  invalidJson: { status: 400, code: 'INVALID_JSON', description: 'The request body is not valid JSON' },
  tooDeep: { status: 400, code: 'ERROR_ARGUMENT', description: 'Parameters are nested deeper than {limit} levels' },
  badBody: { status: 400, code: 'ERROR_ARGUMENT', description: 'The request body could not be decoded' },
  unsupportedMediaType: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    description: 'Send JSON, form-urlencoded or multipart/form-data',
  },
} as const satisfies Record<string, PortalError>;

export type ErrorKey = keyof typeof ERROR_CATALOGUE;

export type ErrorCatalogue = Record<ErrorKey, PortalError>;

/** Thrown inside the store and the HTTP layer; turned into an envelope at the edge. */
export class Refusal extends Error {
  constructor(
    readonly key: ErrorKey,
    readonly vars: Record<string, string | number> = {},
    readonly detail?: string,
  ) {
    super(key);
  }
}

export function renderRefusal(catalogue: ErrorCatalogue, refusal: Refusal): PortalError {
  const entry = catalogue[refusal.key];
  const description = entry.description.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in refusal.vars ? String(refusal.vars[name]) : whole,
  );
  return {
    status: entry.status,
    code: entry.code,
    description: refusal.detail ? `${description}: ${refusal.detail}` : description,
  };
}
