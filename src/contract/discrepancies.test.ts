import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { responseExamples } from './doc-examples';
import { pageFacts } from './docs-data';
import { RU_CASES } from './discrepancies-ru.cases';
import { schemasDir } from './schema-files';
import { validateParams, validateResponse, type ValidationResult } from './validate';

type Json = Record<string, any>;

function example(page: string, section: 'success' | 'error' = 'success'): Json {
  const found = responseExamples(`api-reference/vote/${page}`).find((candidate) => candidate.section === section);
  if (!found) throw new Error(`no ${section} example on ${page}`);
  return structuredClone(found.body) as Json;
}

const recall = () => example('vote.attachedvote.recall.md');
const voteBody = () => example('vote.attachedvote.vote.md');
const withVoted = () => example('vote.attachedvote.getWithVoted.md');
const answerVoted = () => example('vote.attachedvote.getAnswerVoted.md');

function passes(result: ValidationResult): void {
  expect(result.errors).toEqual([]);
  expect(result.ok).toBe(true);
}

/** Fails, and exactly at these paths. */
function failsAt(result: ValidationResult, ...paths: string[]): void {
  expect(result.ok).toBe(false);
  expect([...new Set(result.errors.map((error) => error.path))].sort()).toEqual([...paths].sort());
}

const ENTITY = {
  moduleId: 'Im',
  entityType: 'Bitrix\\Vote\\Attachment\\ImMessageConnector',
  entityId: 13,
};

const IM_SEND = (question: Json) => ({ chatId: 7, IM_MESSAGE_VOTE_DATA: { QUESTIONS: [question] } });
const ANSWERS = [{ MESSAGE: 'yes' }, { MESSAGE: 'no' }];

/** One or more cases per DISCREPANCIES.md entry. */
const CASES: Record<string, Array<[string, () => void]>> = {
  'D-01': [
    ['QUESTIONS keyed by ID passes', () => passes(validateResponse('vote.AttachedVote.recall', recall()))],
    [
      'QUESTIONS as an array fails at /result/attach/QUESTIONS',
      () => {
        const body = recall();
        body.result.attach.QUESTIONS = Object.values(body.result.attach.QUESTIONS);
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/QUESTIONS');
      },
    ],
  ],
  'D-02': [
    ['[] when empty passes', () => expect(recall().result.attach.userAnswerMap).toEqual([])],
    ['a filled map passes', () => passes(validateResponse('vote.AttachedVote.vote', voteBody()))],
    [
      '{} when empty passes',
      () => {
        const body = recall();
        body.result.attach.userAnswerMap = {};
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ],
    ...[null, 'none', { q1: {} }].map((bad): [string, () => void] => [
      `userAnswerMap ${JSON.stringify(bad)} fails`,
      () => {
        const body = recall();
        body.result.attach.userAnswerMap = bad;
        const result = validateResponse('vote.AttachedVote.recall', body);
        expect(result.ok).toBe(false);
        expect(result.errors.every((error) => error.path.startsWith('/result/attach/userAnswerMap'))).toBe(true);
      },
    ]),
    [
      'a non-empty array fails at /result/attach/userAnswerMap',
      () => {
        const body = recall();
        body.result.attach.userAnswerMap = [{ ANSWER_ID: '1' }];
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/userAnswerMap');
      },
    ],
  ],
  'D-03': [
    [
      'integer and digit-string counters side by side pass',
      () => {
        const body = recall();
        const answers = body.result.attach.QUESTIONS['1'].ANSWERS;
        expect([answers['1'].COUNTER, answers['3'].COUNTER]).toEqual([0, '0']);
        body.result.attach.COUNTER = '12';
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ],
    ...[-1, '-1', 'abc', 1.5, '', null].map(
      (bad): [string, () => void] => [
        `attach COUNTER ${JSON.stringify(bad)} fails at /result/attach/COUNTER`,
        () => {
          const body = recall();
          body.result.attach.COUNTER = bad;
          failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/COUNTER');
        },
      ],
    ),
    [
      'a negative question counter fails at its path',
      () => {
        const body = recall();
        body.result.attach.QUESTIONS['1'].COUNTER = -3;
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/QUESTIONS/1/COUNTER');
      },
    ],
  ],
  'D-04': [
    [
      'the get example fails because result and time are missing',
      () => {
        const result = validateResponse('vote.AttachedVote.get', example('vote.attachedvote.get.md'));
        failsAt(result, '/result', '/time');
        expect(result.errors.every((error) => error.received.includes('absent'))).toBe(true);
      },
    ],
    [
      'the same attach wrapped in result, with time, passes',
      () => {
        const bare = example('vote.attachedvote.get.md');
        passes(validateResponse('vote.AttachedVote.get', { result: bare, time: recall().time }));
      },
    ],
  ],
  'D-05': [
    [
      'a question and answer with only the required fields pass',
      () => {
        const body = recall();
        const question = body.result.attach.QUESTIONS['1'];
        const { ID, VOTE_ID, COUNTER, QUESTION, ANSWERS } = question;
        const answer = ANSWERS['1'];
        const trimmedAnswer = { ID: answer.ID, QUESTION_ID: answer.QUESTION_ID, MESSAGE: answer.MESSAGE, COUNTER: answer.COUNTER };
        body.result.attach.QUESTIONS = { '1': { ID, VOTE_ID, COUNTER, QUESTION, ANSWERS: { '1': trimmedAnswer } } };
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ],
    [
      'an answer without COUNTER fails',
      () => {
        const body = withVoted();
        delete body.result.attach.QUESTIONS['1'].ANSWERS['3'].COUNTER;
        failsAt(validateResponse('vote.AttachedVote.getWithVoted', body), '/result/attach/QUESTIONS/1/ANSWERS/3/COUNTER');
      },
    ],
    [
      'a question without ANSWERS fails',
      () => {
        const body = withVoted();
        delete body.result.attach.QUESTIONS['1'].ANSWERS;
        failsAt(validateResponse('vote.AttachedVote.getWithVoted', body), '/result/attach/QUESTIONS/1/ANSWERS');
      },
    ],
    ...(
      [
        ['question', 'COLOR', null],
        ['question', 'ACTIVE', null],
        ['question', 'DIAGRAM', null],
        ['question', 'REQUIRED', null],
        ['question', 'QUESTION_TYPE', null],
        ['question', 'DIAGRAM_TYPE', null],
        ['question', 'ACTIVE', true],
        ['question', 'TIMESTAMP_X', '2025-08-05 09:08:31'],
        ['question', 'C_SORT', 10],
        ['answer', 'COLOR', null],
        ['answer', 'REACTION', null],
        ['answer', 'MESSAGE_TYPE', null],
        ['answer', 'ACTIVE', 'N'],
        ['answer', 'TIMESTAMP_X', '2025-08-05 09:08:31'],
        ['answer', 'TIMESTAMP_X', 1754384911],
        ['answer', 'FIELD_TYPE', 0],
        ['answer', 'PERCENT', '50'],
        ['answer', 'PERCENT', '33.33'],
        ['answer', '~PERCENT', '33.333333333333336'],
        ['answer', 'PERCENT', 0],
      ] as const
    ).map(([level, field, value]): [string, () => void] => [
      `an undocumented ${level} field ${field} = ${JSON.stringify(value)} passes`,
      () => {
        const body = recall();
        const question = body.result.attach.QUESTIONS['1'];
        (level === 'question' ? question : question.ANSWERS['5'])[field] = value;
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ]),
    [
      'an answer without PERCENT passes: no table lists it',
      () => {
        const body = recall();
        delete body.result.attach.QUESTIONS['1'].ANSWERS['5'].PERCENT;
        delete body.result.attach.QUESTIONS['1'].ANSWERS['5']['~PERCENT'];
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ],
    ...[101, -1, 'half', '', null].map((bad): [string, () => void] => [
      `PERCENT ${JSON.stringify(bad)} fails at its path`,
      () => {
        const body = recall();
        body.result.attach.QUESTIONS['1'].ANSWERS['5'].PERCENT = bad;
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/QUESTIONS/1/ANSWERS/5/PERCENT');
      },
    ]),
    ...[{ at: '2025-08-05' }, ['Y']].map((bad): [string, () => void] => [
      `an undocumented field holding ${Array.isArray(bad) ? 'an array' : 'an object'} fails (TIMESTAMP_X)`,
      () => {
        const body = recall();
        body.result.attach.QUESTIONS['1'].TIMESTAMP_X = bad;
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/QUESTIONS/1/TIMESTAMP_X');
      },
    ]),
    ...(
      [
        ['ID', '1'],
        ['VOTE_ID', '1'],
        ['entityId', '32217'],
        ['ANONYMITY', '0'],
        ['OPTIONS', null],
        ['isVoted', 'N'],
        ['canVote', 1],
        ['resultUrl', null],
      ] as const
    ).map(([field, value]): [string, () => void] => [
      `a documented attach field of the wrong type still fails (${field} ${JSON.stringify(value)})`,
      () => {
        const body = recall();
        body.result.attach[field] = value;
        failsAt(validateResponse('vote.AttachedVote.recall', body), `/result/attach/${field}`);
      },
    ]),
    [
      'a question ID sent as a number passes: no table gives its type',
      () => {
        const body = recall();
        body.result.attach.QUESTIONS['1'].ID = 1;
        body.result.attach.QUESTIONS['1'].ANSWERS['5'].QUESTION_ID = 1;
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ],
    [
      'a question ID that is not a number fails',
      () => {
        const body = recall();
        body.result.attach.QUESTIONS['1'].ID = 'q1';
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/QUESTIONS/1/ID');
      },
    ],
  ],
  'D-06': [
    ['result.items passes', () => passes(validateResponse('vote.AttachedVote.getMany', example('vote.attachedvote.getMany.md')))],
    [
      'one attach directly under result fails at /result/items',
      () => {
        const body = example('vote.attachedvote.getMany.md');
        body.result = body.result.items[0];
        failsAt(validateResponse('vote.AttachedVote.getMany', body), '/result/items');
      },
    ],
  ],
  'D-07': [
    [
      'entityIds as in the samples passes',
      () => passes(validateParams('vote.AttachedVote.getMany', { ...ENTITY, moduleId: 'im', entityId: undefined, entityIds: [1, 2, 3] })),
    ],
    [
      'entityId alone fails at /entityIds',
      () => failsAt(validateParams('vote.AttachedVote.getMany', { ...ENTITY, moduleId: 'im' }), '/entityIds'),
    ],
    [
      '51 ids fail at /entityIds',
      () => {
        const entityIds = Array.from({ length: 51 }, (_, index) => index + 1);
        failsAt(validateParams('vote.AttachedVote.getMany', { moduleId: 'im', entityType: ENTITY.entityType, entityIds }), '/entityIds');
      },
    ],
  ],
  'D-08': [
    ...['im', 'Im', 'blog'].map((moduleId): [string, () => void] => [
      `getMany accepts moduleId ${moduleId}`,
      () => passes(validateParams('vote.AttachedVote.getMany', { moduleId, entityType: ENTITY.entityType, entityIds: [1] })),
    ]),
    ...['im', 'Im', 'blog'].map((moduleId): [string, () => void] => [
      `get accepts moduleId ${moduleId}`,
      () => passes(validateParams('vote.AttachedVote.get', { ...ENTITY, moduleId })),
    ]),
    [
      'the get page samples really send im',
      () => {
        expect(pageFacts('api-reference/vote/vote.attachedvote.get.md').sampleModuleIds).toEqual(['im']);
      },
    ],
    ...['vote.AttachedVote.getMany', 'vote.AttachedVote.get'].map((method): [string, () => void] => [
      `${method} rejects IM`,
      () => {
        const params = method.endsWith('getMany') ? { moduleId: 'IM', entityType: ENTITY.entityType, entityIds: [1] } : { ...ENTITY, moduleId: 'IM' };
        failsAt(validateParams(method, params), '/moduleId');
      },
    ]),
    [
      'get with im still takes exactly one identifier mode',
      () => expect(validateParams('vote.AttachedVote.get', { ...ENTITY, moduleId: 'im', attachId: 5 }).ok).toBe(false),
    ],
    ...[
      'vote.AttachedVote.recall',
      'vote.AttachedVote.vote',
      'vote.AttachedVote.stop',
      'vote.AttachedVote.resume',
      'vote.AttachedVote.getWithVoted',
      'vote.AttachedVote.getAnswerVoted',
    ].map((method): [string, () => void] => [
      `${method} rejects im at /moduleId and accepts Im`,
      () => {
        const extra = method.endsWith('getAnswerVoted') ? { answerId: 3 } : method.endsWith('.vote') ? { ballot: { '1': [1] } } : {};
        passes(validateParams(method, { ...ENTITY, ...extra }));
        failsAt(validateParams(method, { ...ENTITY, ...extra, moduleId: 'im' }), '/moduleId');
      },
    ]),
  ],
  'D-09': [
    ['result.items and total pass', () => passes(validateResponse('vote.AttachedVote.getAnswerVoted', answerVoted()))],
    [
      'a missing total fails at /total',
      () => {
        const body = answerVoted();
        delete body.total;
        failsAt(validateResponse('vote.AttachedVote.getAnswerVoted', body), '/total');
      },
    ],
    [
      'one user directly under result fails at /result/items',
      () => {
        const body = answerVoted();
        body.result = body.result.items[0];
        failsAt(validateResponse('vote.AttachedVote.getAnswerVoted', body), '/result/items');
      },
    ],
  ],
  'D-10': [
    ...[{ pageSize: 10, currentPage: 1 }, { size: 10, page: '2' }].map((pageNavigation): [string, () => void] => [
      `pageNavigation ${JSON.stringify(pageNavigation)} passes`,
      () => passes(validateParams('vote.AttachedVote.getAnswerVoted', { attachId: 1, answerId: 3, pageNavigation })),
    ]),
    [
      'a non-numeric pageSize fails at /pageNavigation/pageSize',
      () =>
        failsAt(
          validateParams('vote.AttachedVote.getAnswerVoted', { attachId: 1, answerId: 3, pageNavigation: { pageSize: 'ten' } }),
          '/pageNavigation/pageSize',
        ),
    ],
  ],
  'D-11': [
    ['voted keyed by answer ID passes', () => passes(validateResponse('vote.AttachedVote.getWithVoted', withVoted()))],
    [
      'voted as [] passes',
      () => {
        const body = withVoted();
        body.result.voted = [];
        passes(validateResponse('vote.AttachedVote.getWithVoted', body));
      },
    ],
    [
      'one user object as voted fails at its keys',
      () => {
        const body = withVoted();
        body.result.voted = { ID: 1, NAME: 'Alex', WORK_POSITION: '' };
        const result = validateResponse('vote.AttachedVote.getWithVoted', body);
        expect(result.ok).toBe(false);
        expect(result.errors.map((error) => error.path)).toContain('/result/voted/ID');
        expect(result.errors.every((error) => error.path.startsWith('/result/voted/'))).toBe(true);
      },
    ],
  ],
  'D-12': [
    [
      'a numeric error_description fails',
      () => failsAt(validateResponse('vote.AttachedVote.recall', { error: 'ATTACH_NOT_FOUND', error_description: 404 }), '/error_description'),
    ],
    [
      'a missing error_description fails',
      () => failsAt(validateResponse('vote.AttachedVote.recall', { error: 'ATTACH_NOT_FOUND' }), '/error_description'),
    ],
    ['the recall error example passes', () => passes(validateResponse('vote.AttachedVote.recall', example('vote.attachedvote.recall.md', 'error')))],
  ],
  'D-13': [
    ...[null, 'run-1'].map((templateId): [string, () => void] => [
      `templateId ${JSON.stringify(templateId)} passes`,
      () => passes(validateParams('vote.Integration.Im.send', { ...IM_SEND({ QUESTION: 'q?', ANSWERS }), templateId })),
    ]),
    [
      'a numeric templateId fails',
      () => failsAt(validateParams('vote.Integration.Im.send', { ...IM_SEND({ QUESTION: 'q?', ANSWERS }), templateId: 5 }), '/templateId'),
    ],
  ],
  'D-14': [
    [
      'a question without text fails',
      () => failsAt(validateParams('vote.Integration.Im.send', IM_SEND({ ANSWERS })), '/IM_MESSAGE_VOTE_DATA/QUESTIONS/0/QUESTION'),
    ],
    [
      'one answer fails',
      () =>
        failsAt(
          validateParams('vote.Integration.Im.send', IM_SEND({ QUESTION: 'q?', ANSWERS: [{ MESSAGE: 'only' }] })),
          '/IM_MESSAGE_VOTE_DATA/QUESTIONS/0/ANSWERS',
        ),
    ],
    [
      'an answer without MESSAGE fails',
      () =>
        failsAt(
          validateParams('vote.Integration.Im.send', IM_SEND({ QUESTION: 'q?', ANSWERS: [{ MESSAGE: 'a' }, {}] })),
          '/IM_MESSAGE_VOTE_DATA/QUESTIONS/0/ANSWERS/1/MESSAGE',
        ),
    ],
    [
      'two questions fail',
      () => {
        const params = IM_SEND({ QUESTION: 'q?', ANSWERS });
        params.IM_MESSAGE_VOTE_DATA.QUESTIONS.push({ QUESTION: 'again?', ANSWERS });
        failsAt(validateParams('vote.Integration.Im.send', params), '/IM_MESSAGE_VOTE_DATA/QUESTIONS');
      },
    ],
  ],
  'D-15': [
    ...['42', 42].map((attachId): [string, () => void] => [
      `attachId ${JSON.stringify(attachId)} passes`,
      () => passes(validateParams('vote.AttachedVote.recall', { attachId })),
    ]),
    ...['4a', 0, '', 4.2].map((attachId): [string, () => void] => [
      `attachId ${JSON.stringify(attachId)} fails at /attachId`,
      () => failsAt(validateParams('vote.AttachedVote.recall', { attachId }), '/attachId'),
    ]),
  ],
  'D-16': [
    [
      'the stop example without operating fields passes',
      () => {
        const body = example('vote.attachedvote.stop.md');
        expect(body.time).not.toHaveProperty('operating');
        passes(validateResponse('vote.AttachedVote.stop', body));
      },
    ],
    [
      'operating as a string fails',
      () => {
        const body = recall();
        body.time.operating = '0';
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/time/operating');
      },
    ],
  ],
  'D-17': [
    ...['canEdit', 'canVote', 'canRevote', 'isVoted', 'isFinished'].map((flag): [string, () => void] => [
      `${flag} "N" fails`,
      () => {
        const body = recall();
        body.result.attach[flag] = 'N';
        failsAt(validateResponse('vote.AttachedVote.recall', body), `/result/attach/${flag}`);
      },
    ]),
    ...[true, 'Y', null].map((value): [string, () => void] => [
      `ACTIVE ${JSON.stringify(value)} passes: no table types it`,
      () => {
        const body = recall();
        body.result.attach.QUESTIONS['1'].ACTIVE = value;
        body.result.attach.QUESTIONS['1'].ANSWERS['5'].ACTIVE = value;
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ]),
  ],
  'D-18': [
    [
      'the empty code of the getMany example passes',
      () => {
        const body = example('vote.attachedvote.getMany.md', 'error');
        expect(body.error).toBe('');
        passes(validateResponse('vote.AttachedVote.getMany', body));
      },
    ],
    ...['ATTACH NOT FOUND', 'ATTACH-NOT-FOUND'].map((code): [string, () => void] => [
      `code ${JSON.stringify(code)} fails at /error`,
      () => failsAt(validateResponse('vote.AttachedVote.getMany', { error: code, error_description: 'x' }), '/error'),
    ]),
  ],
  'D-19': [
    ...['2025-13-01T00:00:00+02:00', '2025-08-06T09:29:07Z', '2025-08-06T09:29:07.5+02:00', '1754461747', '06.08.2025 09:29:07'].map(
      (date): [string, () => void] => [
        `date_start ${JSON.stringify(date)} fails`,
        () => {
          const body = recall();
          body.time.date_start = date;
          failsAt(validateResponse('vote.AttachedVote.recall', body), '/time/date_start');
        },
      ],
    ),
    [
      'a negative offset passes',
      () => {
        const body = recall();
        body.time.date_finish = '2025-08-06T03:29:07-04:00';
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ],
  ],
  'D-20': [
    ...['7', 'opaque-token', '1.D6DB75C1'].map((signed): [string, () => void] => [
      `a response signedAttachId ${JSON.stringify(signed)} passes`,
      () => {
        const body = recall();
        body.result.attach.signedAttachId = signed;
        passes(validateResponse('vote.AttachedVote.recall', body));
      },
    ]),
    ...['', 7, null].map((bad): [string, () => void] => [
      `a response signedAttachId ${JSON.stringify(bad)} fails`,
      () => {
        const body = recall();
        body.result.attach.signedAttachId = bad;
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/signedAttachId');
      },
    ]),
    [
      'a response without signedAttachId fails',
      () => {
        const body = recall();
        delete body.result.attach.signedAttachId;
        failsAt(validateResponse('vote.AttachedVote.recall', body), '/result/attach/signedAttachId');
      },
    ],
    ...['7', 'opaque-token', '5.XYZ'].map((signed): [string, () => void] => [
      `the recall parameter signedAttachId ${JSON.stringify(signed)} still fails`,
      () => failsAt(validateParams('vote.AttachedVote.recall', { signedAttachId: signed }), '/signedAttachId'),
    ]),
    ['the recall parameter in <id>.<hex> form passes', () => passes(validateParams('vote.AttachedVote.recall', { signedAttachId: '5.0fa9' }))],
  ],
  'D-21': [
    ...(
      [
        ['ID', '1'],
        ['IMAGE', null],
        ['IMAGE', ''],
        ['WORK_POSITION', null],
      ] as const
    ).flatMap(([field, value]): Array<[string, () => void]> => [
      [
        `getAnswerVoted: a voter with ${field} ${JSON.stringify(value)} passes`,
        () => {
          const body = answerVoted();
          body.result.items[0][field] = value;
          passes(validateResponse('vote.AttachedVote.getAnswerVoted', body));
        },
      ],
      [
        `getWithVoted: a voter with ${field} ${JSON.stringify(value)} passes`,
        () => {
          const body = withVoted();
          body.result.voted['3'][0][field] = value;
          passes(validateResponse('vote.AttachedVote.getWithVoted', body));
        },
      ],
    ]),
    ...(
      [
        ['ID', 'abc'],
        ['ID', -1],
        ['ID', null],
        ['NAME', null],
        ['IMAGE', 5],
        ['WORK_POSITION', false],
      ] as const
    ).map(([field, value]): [string, () => void] => [
      `a voter with ${field} ${JSON.stringify(value)} fails`,
      () => {
        const body = answerVoted();
        body.result.items[0][field] = value;
        failsAt(validateResponse('vote.AttachedVote.getAnswerVoted', body), `/result/items/0/${field}`);
      },
    ]),
    ...['ID', 'NAME', 'IMAGE', 'WORK_POSITION'].map((field): [string, () => void] => [
      `a voter without ${field} fails: the tables list it`,
      () => {
        const body = withVoted();
        delete body.result.voted['3'][0][field];
        failsAt(validateResponse('vote.AttachedVote.getWithVoted', body), `/result/voted/3/0/${field}`);
      },
    ]),
  ],
};

// D-22 to D-25: the English and Russian sets, from the committed extract.
Object.assign(CASES, RU_CASES);

const documentedIds = [...readFileSync(path.join(schemasDir, 'DISCREPANCIES.md'), 'utf8').matchAll(/^## (D-\d+) /gm)].map(
  (match) => match[1] as string,
);

describe('schemas/DISCREPANCIES.md', () => {
  test('every entry has test cases here, and every case an entry', () => {
    expect(documentedIds.length).toBeGreaterThan(0);
    expect(new Set(documentedIds).size).toBe(documentedIds.length);
    expect(Object.keys(CASES).sort()).toEqual([...documentedIds].sort());
  });

  for (const id of documentedIds) {
    describe(id, () => {
      const cases = CASES[id] ?? [];
      test.each(cases)('%s', (_title, run) => run());
    });
  }
});
