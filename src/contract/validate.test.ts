import { describe, expect, test } from 'vitest';
import { pageFacts } from './docs-data';
import {
  documentedErrorCodes,
  knownMethods,
  renderErrors,
  resolveMethod,
  systemErrors,
  validateErrorEnvelope,
  validateParams,
  validateResponse,
  type RenderedError,
} from './validate';
import { UnknownMethodError } from '../errors';

/** A valid recall body, built by hand (not from the docs) so the cases below do not depend on them. */
function recallBody(): Record<string, any> {
  return {
    result: {
      attach: {
        ID: 7,
        VOTE_ID: 7,
        COUNTER: 2,
        QUESTIONS: {
          '11': {
            ID: '11',
            VOTE_ID: '7',
            COUNTER: '2',
            QUESTION: 'Lunch?',
            ACTIVE: 'Y',
            ANSWERS: {
              '21': { ID: '21', QUESTION_ID: '11', MESSAGE: 'Pizza', COUNTER: 2, PERCENT: 100 },
              '22': { ID: '22', QUESTION_ID: '11', MESSAGE: 'Soup', COUNTER: '0', PERCENT: 0 },
            },
          },
        },
        ANONYMITY: 0,
        OPTIONS: 1,
        userAnswerMap: { '11': { '21': { EVENT_ID: '5', EVENT_QUESTION_ID: '6', ANSWER_ID: '21', ID: '6', MESSAGE: '' } } },
        canEdit: false,
        canVote: false,
        canRevote: true,
        isVoted: true,
        signedAttachId: '7.0a1b2c',
        resultUrl: '/vote-result/abc',
        downloadUrl: '/bitrix/services/main/ajax.php?action=vote.AttachedVote.download',
        entityId: 901,
        isFinished: false,
        someFieldAPortalAdded: { anything: true },
      },
    },
    time: {
      start: 1754461747.3,
      finish: 1754461747.4,
      duration: 0.1,
      processing: 0.05,
      date_start: '2025-08-06T09:29:07+02:00',
      date_finish: '2025-08-06T09:29:07+02:00',
    },
  };
}

const RECALL = 'vote.AttachedVote.recall';

function paths(errors: RenderedError[]): string[] {
  return errors.map((error) => error.path);
}

describe('validateResponse on hand-made recall bodies', () => {
  test('the hand-made body is valid, undocumented extra fields included', () => {
    const result = validateResponse(RECALL, recallBody());
    expect(result).toEqual({ ok: true, kind: 'success', schemaId: expect.stringContaining('recall.response'), errors: [] });
  });

  const invalid: Array<[string, (body: Record<string, any>) => unknown, string]> = [
    ['isVoted sent as "N"', (body) => (body.result.attach.isVoted = 'N'), '/result/attach/isVoted'],
    ['canRevote sent as "Y"', (body) => (body.result.attach.canRevote = 'Y'), '/result/attach/canRevote'],
    ['isFinished sent as 0', (body) => (body.result.attach.isFinished = 0), '/result/attach/isFinished'],
    ['a negative attach counter', (body) => (body.result.attach.COUNTER = -1), '/result/attach/COUNTER'],
    ['a non-numeric answer counter', (body) => (body.result.attach.QUESTIONS['11'].ANSWERS['22'].COUNTER = 'none'), '/result/attach/QUESTIONS/11/ANSWERS/22/COUNTER'],
    ['the attach ID sent as a string', (body) => (body.result.attach.ID = '7'), '/result/attach/ID'],
    ['entityId sent as a string', (body) => (body.result.attach.entityId = '901'), '/result/attach/entityId'],
    ['signedAttachId missing', (body) => delete body.result.attach.signedAttachId, '/result/attach/signedAttachId'],
    ['signedAttachId empty', (body) => (body.result.attach.signedAttachId = ''), '/result/attach/signedAttachId'],
    ['signedAttachId as a number', (body) => (body.result.attach.signedAttachId = 7), '/result/attach/signedAttachId'],
    ['time without date_start', (body) => delete body.time.date_start, '/time/date_start'],
    ['time.start as a string', (body) => (body.time.start = '1754461747'), '/time/start'],
    ['time missing', (body) => delete body.time, '/time'],
    ['result missing', (body) => delete body.result, '/result'],
    ['attach missing', (body) => (body.result = {}), '/result/attach'],
    ['a question key that is not an ID', (body) => {
      const questions = body.result.attach.QUESTIONS;
      questions.q11 = questions['11'];
      delete questions['11'];
    }, '/result/attach/QUESTIONS/q11'],
    ['an answer ID in userAnswerMap that is not a number', (body) => (body.result.attach.userAnswerMap['11']['21'].ANSWER_ID = 'a21'), '/result/attach/userAnswerMap/11/21/ANSWER_ID'],
    ['userAnswerMap as null', (body) => (body.result.attach.userAnswerMap = null), '/result/attach/userAnswerMap'],
    ['ANONYMITY as a string', (body) => (body.result.attach.ANONYMITY = '0'), '/result/attach/ANONYMITY'],
    ['a PERCENT above 100', (body) => (body.result.attach.QUESTIONS['11'].ANSWERS['21'].PERCENT = 101), '/result/attach/QUESTIONS/11/ANSWERS/21/PERCENT'],
  ];

  test.each(invalid)('fails for %s', (_reason, mutate, path) => {
    const body = recallBody();
    mutate(body);
    const result = validateResponse(RECALL, body);
    expect(result.ok).toBe(false);
    expect(result.kind).toBe('success');
    expect(paths(result.errors)).toEqual([path]);
  });

  test('a body that is not an object fails at the root', () => {
    const result = validateResponse(RECALL, [recallBody()]);
    expect(paths(result.errors)).toEqual(['']);
    expect(result.errors[0]?.expected).toMatch(/object/);
  });

  test('reports every problem, not just the first', () => {
    const body = recallBody();
    body.result.attach.isVoted = 'N';
    delete body.time.date_start;
    expect(paths(validateResponse(RECALL, body).errors).sort()).toEqual(['/result/attach/isVoted', '/time/date_start']);
  });
});

describe('error envelope', () => {
  test('a body with error is judged as an error envelope', () => {
    const result = validateResponse(RECALL, { error: 'ATTACH_NOT_FOUND', error_description: 'gone' });
    expect(result).toMatchObject({ ok: true, kind: 'error', schemaId: expect.stringContaining('common/error.schema.json') });
  });

  test('an error without error_description fails', () => {
    const result = validateResponse(RECALL, { error: 'ATTACH_NOT_FOUND' });
    expect(result.kind).toBe('error');
    expect(paths(result.errors)).toEqual(['/error_description']);
    expect(result.errors[0]?.doc).toBe('_includes/error-info.md');
  });

  test('an error code that is not a string fails', () => {
    expect(paths(validateErrorEnvelope({ error: 404, error_description: 'x' }).errors)).toEqual(['/error']);
  });
});

describe('validateParams', () => {
  const entity = { moduleId: 'blog', entityType: 'Bitrix\\Vote\\Attachment\\BlogPostConnector', entityId: '55' };

  test.each([
    ['attachId', { attachId: 5 }],
    ['entity', entity],
    ['signedAttachId with OAuth auth', { signedAttachId: '5.ff00', auth: 'token' }],
  ])('recall accepts the %s mode', (_mode, params) => {
    expect(validateParams(RECALL, params).errors).toEqual([]);
  });

  test.each([
    ['no identifier', {}, ''],
    ['two identifier modes', { attachId: 5, signedAttachId: '5.ff' }, ''],
    ['an incomplete entity mode', { moduleId: 'Im', entityId: 5 }, ''],
    ['a signed ID that is not <id>.<hex>', { signedAttachId: '5.XYZ' }, '/signedAttachId'],
    ['an unknown connector class', { ...entity, entityType: 'Bitrix\\Vote\\Attachment\\Other' }, '/entityType'],
    ['an empty auth', { attachId: 5, auth: '' }, '/auth'],
  ])('recall rejects %s', (_reason, params, path) => {
    const result = validateParams(RECALL, params);
    expect(result.ok).toBe(false);
    expect(paths(result.errors)).toEqual([path]);
  });

  test('the exactly-one rule is spelt out', () => {
    const [error] = validateParams(RECALL, { attachId: 5, signedAttachId: '5.ff' }).errors;
    expect(error?.expected).toMatch(/exactly one way to name the poll/);
    expect(error?.received).toBe('object {"attachId":5,"signedAttachId":"5.ff"}');
  });

  test('vote needs a ballot keyed by question ID', () => {
    expect(validateParams('vote.AttachedVote.vote', { attachId: 5, ballot: { '1': ['2', 3] } }).errors).toEqual([]);
    expect(paths(validateParams('vote.AttachedVote.vote', { attachId: 5 }).errors)).toEqual(['/ballot']);
    expect(paths(validateParams('vote.AttachedVote.vote', { attachId: 5, ballot: { '1': [] } }).errors)).toEqual(['/ballot/1']);
  });

  test('im.message.delete needs MESSAGE_ID', () => {
    expect(validateParams('im.message.delete', { MESSAGE_ID: 34247 }).ok).toBe(true);
    expect(paths(validateParams('im.message.delete', {}).errors)).toEqual(['/MESSAGE_ID']);
  });
});

describe('method index', () => {
  test('knows the ten documented methods', () => {
    expect(knownMethods().sort()).toEqual(
      [
        'im.message.delete',
        'vote.AttachedVote.get',
        'vote.AttachedVote.getAnswerVoted',
        'vote.AttachedVote.getMany',
        'vote.AttachedVote.getWithVoted',
        'vote.AttachedVote.recall',
        'vote.AttachedVote.resume',
        'vote.AttachedVote.stop',
        'vote.AttachedVote.vote',
        'vote.Integration.Im.send',
      ].sort(),
    );
  });

  test('looks methods up in any letter case', () => {
    expect(resolveMethod('VOTE.attachedvote.RECALL')).toBe(RECALL);
    expect(validateResponse('vote.integration.im.send', { error: '400', error_description: 'x' }).ok).toBe(true);
  });

  test('throws UnknownMethodError naming the method', () => {
    expect(() => validateResponse('vote.AttachedVote.recal', {})).toThrow(UnknownMethodError);
    expect(() => validateParams('nope', {})).toThrow(/unknown method "nope"/);
  });

  test('lists the codes each page documents', () => {
    expect(documentedErrorCodes(RECALL)).toEqual(['ATTACH_NOT_FOUND', 'ATTACH_READ_ACCESS_DENIED']);
    expect(documentedErrorCodes('vote.AttachedVote.vote')).toEqual(['400', 'ATTACH_READ_ACCESS_DENIED', '403']);
    expect(documentedErrorCodes('im.message.delete')).toEqual(['MESSAGE_ID_ERROR', 'CANT_EDIT_MESSAGE']);
  });
});

describe('systemErrors', () => {
  test('holds every row of the system-errors page, with its status', () => {
    const documented = (pageFacts('_includes/system-errors.md').systemErrors ?? []).map((row) => `${row.status} ${row.code}`);
    expect(documented.length).toBeGreaterThan(10);
    const table = systemErrors()
      .filter((row) => row.doc === '_includes/system-errors.md')
      .map((row) => `${row.status} ${row.code}`);
    expect(table).toEqual(documented);
  });

  test('has the status and code of every limit error that limits.md names', () => {
    const limits = pageFacts('limits.md').statusCodes ?? [];
    expect(limits.map((row) => row.code).sort()).toEqual(['OPERATION_TIME_LIMIT', 'QUERY_LIMIT_EXCEEDED']);
    for (const { status, code } of limits) expect(systemErrors()).toContainEqual(expect.objectContaining({ status, code }));
  });

  test('includes the operating-time limit from limits.md', () => {
    expect(systemErrors()).toContainEqual(expect.objectContaining({ status: 429, code: 'OPERATION_TIME_LIMIT', doc: 'limits.md' }));
    expect(systemErrors()).toContainEqual(expect.objectContaining({ status: 503, code: 'QUERY_LIMIT_EXCEEDED' }));
  });
});

describe('rendering', () => {
  test('an error names path, expected, received and the doc anchor', () => {
    const body = recallBody();
    body.result.attach.isVoted = 'N';
    const [error] = validateResponse(RECALL, body).errors;
    expect(error).toEqual({
      path: '/result/attach/isVoted',
      expected: 'boolean',
      received: '"N"',
      doc: 'api-reference/vote/vote.attachedvote.recall.md#attach',
      message: expect.stringContaining('/result/attach/isVoted'),
    });
  });

  test('renderErrors prints one block per error in a fixed layout', () => {
    const text = renderErrors([
      { path: '/a', expected: 'boolean', received: '"N"', doc: 'x.md#y', message: 'unused' },
      { path: '', expected: 'object', received: 'array []', doc: 'z.md', message: 'unused' },
    ]);
    expect(text).toBe(
      [
        '/a',
        '  expected boolean',
        '  received "N"',
        '  doc      x.md#y',
        '(whole body)',
        '  expected object',
        '  received array []',
        '  doc      z.md',
      ].join('\n'),
    );
  });

  test('long received values are cut', () => {
    const body = recallBody();
    body.result.attach.resultUrl = { note: 'x'.repeat(500) };
    const [error] = validateResponse(RECALL, body).errors;
    expect(error?.received.length).toBeLessThan(100);
    expect(error?.received.endsWith('…')).toBe(true);
  });

  test('a missing field says it is absent and what it should be', () => {
    const body = recallBody();
    delete body.result.attach.userAnswerMap;
    const [error] = validateResponse(RECALL, body).errors;
    expect(error?.received).toMatch(/absent/);
    expect(error?.expected).toMatch(/userAnswerMap.*UserAnswerMap/);
  });

  test('a counter error states the accepted forms once', () => {
    const body = recallBody();
    body.result.attach.COUNTER = -1;
    const errors = validateResponse(RECALL, body).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.expected).toBe('a non-negative integer, or a string of digits');
  });

  test('doc anchors follow the page: time, getMany items, getAnswerVoted users', () => {
    const body = recallBody();
    body.time.duration = 'slow';
    expect(validateResponse(RECALL, body).errors[0]?.doc).toBe('api-reference/data-types.md#time');

    const many = { result: { items: [{ ...recallBody().result.attach, isVoted: 'N' }] }, time: recallBody().time };
    expect(validateResponse('vote.AttachedVote.getMany', many).errors[0]?.doc).toBe('api-reference/vote/vote.attachedvote.getMany.md#result');

    const voters = { result: { items: [{ ID: 'x', NAME: 'A', IMAGE: '', WORK_POSITION: '' }] }, total: 1, time: recallBody().time };
    expect(validateResponse('vote.AttachedVote.getAnswerVoted', voters).errors[0]?.doc).toBe(
      'api-reference/vote/vote.attachedvote.getAnswerVoted.md#result',
    );
  });
});
