// Least privilege, read from the synthesized template (not from permissions.ts, which is what is
// under test): each function may make exactly the AWS calls its code path makes.
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '@tessera/store';
import { FUNCTIONS, FUNCTION_NAMES, type FunctionName, type TableItemKind } from '../../functions/catalog.ts';
import { actionsOf, exampleConfig, logicalIdByPath, resourcesOf, statementsOfRole, synthStage } from './support.ts';

let app: ReturnType<typeof synthStage>['app'];
beforeAll(() => {
  ({ app } = synthStage());
});

/** Written out by hand from functions/** and packages/store: if the code needs more, this fails first. */
const EXPECTED_ACTIONS: Record<FunctionName, string[]> = {
  // A platform's delivery: its body kept in S3, then a message to the delivery queue.
  'webhook-intake': ['dynamodb:GetItem', 'dynamodb:PutItem', 's3:PutObject', 'sqs:SendMessage', 'states:StartExecution'],
  // The decision's audit entry: a Put of the entry, the log's head and its once-marker (one transaction).
  review: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'states:SendTaskFailure', 'states:SendTaskSuccess'],
  verify: [],
  // functions/earner: sign-in links used up (DeleteItem), sessions, visibility (UpdateItem), badge pages, the sign-in mail.
  earner: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 's3:PutObject', 'ses:SendEmail'],
  // Revoke/suspend/unsuspend: the status change (TransactWrite of two Updates), then the list re-signed
  // (its key recorded once per process: a conditional Put; did.json with the key history: a Query) and republished.
  // GET /admin/reports/stuck: open submissions (a Query of GSI1) and each one's execution state.
  admin: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:GetPublicKey', 'kms:Sign', 's3:PutObject', 'states:DescribeExecution'],
  // Users, sources, the audit log, frameworks (items written in batches: BatchWriteItem) and
  // achievements (a draft deleted on publication: DeleteItem; achievements/* published to the bucket);
  // never a key or the workflow.
  // Replays and the re-run of unresolved events are sent to the delivery queue.
  catalogue: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 's3:PutObject', 'sqs:SendMessage'],
  // CSV bulk awards: the batch and its chunks (Put, Get, Query, Update), the upload's audit entry, each
  // row through the intake (TransactWrite of two Puts, StartExecution), and the run handing itself on.
  // A chunk's repeat check reads the submissions its rows would be at once (BatchGetItem).
  bulk: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'lambda:InvokeFunction', 'states:StartExecution'],
  // The console: sessions (Put, Get, Delete), the review queue (Query of open submissions and of
  // each one's review pointers) and decisions as the review function takes them.
  // It calls the review, admin and catalogue cores: decisions (SendTask*), revocations (the list
  // re-signed: KMS, S3), publications (achievements/* to S3); no workflow start, no mail.
  console: [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'kms:GetPublicKey',
    'kms:Sign',
    's3:PutObject',
    'states:SendTaskFailure',
    'states:SendTaskSuccess',
  ],
  'check-evidence': ['dynamodb:GetItem'],
  'request-review': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  // An outcome without a credential releases the learner's claim (DeleteItem).
  'record-outcome': ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  'release-credential': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:GetPublicKey', 'kms:Sign', 's3:PutObject'],
  // The stacked award (stacked-award.ts): stacks by component and the earner's credentials (Queries),
  // then intake for a completed stack (TransactWrite of two Puts, StartExecution).
  'notify-earner': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'ses:SendEmail', 'states:StartExecution'],
  // functions/reconcile: open submissions (Query GSI1), each one's execution state, a re-start when
  // there is none, FAILED (Update); an APPROVED one released (release-credential's calls) and mailed.
  reconcile: [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'kms:GetPublicKey',
    'kms:Sign',
    's3:PutObject',
    'ses:SendEmail',
    'states:DescribeExecution',
    'states:StartExecution',
  ],
  // The delivery queue's consumer: the kept body (GetObject), the events log, submitAward; the queue's
  // own receive/delete calls come from its event source mapping.
  'process-deliveries': [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    's3:GetObject',
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
    'states:StartExecution',
  ],
};

/** Granted to every function by AppFunction: its own logs and X-Ray segments. */
const BASELINE = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

function statementsOf(name: FunctionName) {
  const fnId = logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`);
  const roleId = resourcesOf(app, 'AWS::Lambda::Function')[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return statementsOfRole(app, roleId);
}

describe('function permissions', () => {
  it.each(FUNCTION_NAMES)('%s may make exactly the calls its code makes', (name) => {
    // Act
    const actions = new Set(statementsOf(name).flatMap(actionsOf));

    // Assess
    expect([...actions].filter((a) => !BASELINE.includes(a)).sort()).toEqual(EXPECTED_ACTIONS[name]);
  });

  // Release signs credentials and their status lists; admin re-signs a status list after each
  // revocation or suspension (a list is a signed credential, and only the issuer key may sign it).
  it('lets only release-credential, admin, the console and the reconciler sign and publish, only review and the console complete a review, only intake, the stacked award (notify-earner), the reconciler and the delivery processing start a workflow', () => {
    // Act
    const holders = (action: string) => FUNCTION_NAMES.filter((name) => statementsOf(name).some((s) => actionsOf(s).includes(action)));

    // Assess
    expect(holders('kms:Sign')).toEqual(['admin', 'console', 'release-credential', 'reconcile']);
    expect(holders('kms:GetPublicKey')).toEqual(['admin', 'console', 'release-credential', 'reconcile']);
    expect(holders('states:SendTaskSuccess')).toEqual(['review', 'console']);
    expect(holders('states:SendTaskFailure')).toEqual(['review', 'console']);
    expect(holders('states:StartExecution')).toEqual(['webhook-intake', 'bulk', 'notify-earner', 'reconcile', 'process-deliveries']);
    // The earner's page rewrites a badge page when its earner changes what it shows (badges/* only).
    expect(holders('s3:PutObject')).toEqual(['webhook-intake', 'earner', 'admin', 'catalogue', 'console', 'release-credential', 'reconcile']);
    expect(holders('s3:GetObject')).toEqual(['process-deliveries']);
    expect(holders('sqs:SendMessage')).toEqual(['webhook-intake', 'catalogue']);
    // The earner's page lists their credentials (EARNER#) and the stacks they count toward (COMPONENT#).
    expect(holders('dynamodb:Query')).toEqual(['earner', 'admin', 'catalogue', 'console', 'bulk', 'release-credential', 'notify-earner', 'reconcile', 'process-deliveries']);
    expect(holders('states:DescribeExecution')).toEqual(['admin', 'reconcile']);
  });

  it('grants no wildcard action anywhere in the application stack', () => {
    // Act
    const actions = Object.values(resourcesOf(app, 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap(actionsOf));

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a === '*' || a.endsWith(':*') || a.includes('*'))).toEqual([]);
  });

  it.each(['release-credential', 'admin', 'reconcile'] as const)('%s signs only with the issuer key, only Ed25519 over raw messages', (name) => {
    // Act
    const signing = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    const sign = signing.find((s) => actionsOf(s).includes('kms:Sign'))!;

    // Assess
    expect(signing.flatMap((s) => [s.Resource].flat()).every((r) => /SigningKey/.test(JSON.stringify(r)))).toBe(true);
    expect(actionsOf(sign)).toEqual(['kms:Sign']);
    expect(sign.Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'ED25519_SHA_512', 'kms:MessageType': 'RAW' } });
  });

  const publicKey = (suffix: string) => JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Tessera-test-Data-PublicSiteBucketArn' }, suffix]] });
  const putKeys = (name: FunctionName) =>
    statementsOf(name)
      .filter((s) => actionsOf(s).includes('s3:PutObject'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r))
      .sort();

  it('lets release write only credentials (with their baked images), badge pages and their script, status lists and did.json to the public bucket', () => {
    // Assess: on the public bucket's exported ARN, these key patterns and nothing broader.
    expect(putKeys('release-credential')).toEqual(
      [publicKey('/.well-known/did.json'), publicKey('/assets/badge.js'), publicKey('/badges/*'), publicKey('/credentials/*'), publicKey('/status/*')].sort(),
    );
  });

  it('lets admin write status lists, badge pages (a revocation rewrites one) and did.json (it may be first to sign after a rotation), never a credential', () => {
    expect(putKeys('admin')).toEqual([publicKey('/.well-known/did.json'), publicKey('/assets/badge.js'), publicKey('/badges/*'), publicKey('/status/*')].sort());
  });

  it("lets the earner's page write only badge pages (and their script), nothing else of the site", () => {
    expect(putKeys('earner')).toEqual([publicKey('/assets/badge.js'), publicKey('/badges/*')].sort());
  });

  it('lets the catalogue write achievement definitions and the extension context, nothing else of the site', () => {
    expect(putKeys('catalogue')).toEqual([publicKey('/achievements/*'), publicKey('/contexts/microcredential/v1.json')].sort());
  });

  it('sends mail only from the configured sender, on the sender identity named (not imported), nothing broader', () => {
    for (const name of ['request-review', 'record-outcome', 'notify-earner'] as const) {
      // Act
      const send = statementsOf(name).find((s) => actionsOf(s).includes('ses:SendEmail'))!;

      // Assess: by name, so a changed identity replaces without an export in use (no Fn::ImportValue).
      expect(send.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'badges@example.edu' } });
      expect(send.Resource).toEqual('arn:aws:ses:eu-west-1:111122223333:identity/example.edu');
    }
  });

  it('in the SES sandbox, may also send to the listed test recipients (SES authorises recipients there), and only them', () => {
    // Prepare
    const sandbox = synthStage(exampleConfig({ mail: { from: 'badges@example.edu', sandboxRecipients: ['tester@example.org', 'qa@example.net'] } }));

    // Act
    const fnId = logicalIdByPath(sandbox.app, 'AWS::Lambda::Function', '/Fn-notify-earner/Function/');
    const roleId = resourcesOf(sandbox.app, 'AWS::Lambda::Function')[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
    const send = statementsOfRole(sandbox.app, roleId).find((s) => actionsOf(s).includes('ses:SendEmail'))!;
    const identities = Object.values(resourcesOf(sandbox.data, 'AWS::SES::EmailIdentity')).map((i) => i.Properties.EmailIdentity);

    // Assess
    expect([send.Resource].flat().sort()).toEqual(
      [
        'arn:aws:ses:eu-west-1:111122223333:identity/example.edu',
        'arn:aws:ses:eu-west-1:111122223333:identity/qa@example.net',
        'arn:aws:ses:eu-west-1:111122223333:identity/tester@example.org',
      ].sort(),
    );
    expect(send.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'badges@example.edu' } });
    expect(identities.sort()).toEqual(['example.edu', 'qa@example.net', 'tester@example.org']);
  });

  it.each(FUNCTION_NAMES.filter((name) => Object.keys(FUNCTIONS[name].table).length > 0))(
    '%s touches only the kinds of item its record lists (dynamodb:LeadingKeys on every table call)',
    (name) => {
      // Act
      const table = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')) && !JSON.stringify(s.Resource).includes('/index/'));
      const byAction = Object.fromEntries(table.map((s) => [actionsOf(s).join(), (s.Condition as any)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']]));

      // Assess: exactly one statement per call, each limited to the record's kinds.
      const calls = {
        get: 'dynamodb:GetItem',
        query: 'dynamodb:Query',
        put: 'dynamodb:PutItem',
        update: 'dynamodb:UpdateItem',
        delete: 'dynamodb:DeleteItem',
        batchWrite: 'dynamodb:BatchWriteItem',
        batchGet: 'dynamodb:BatchGetItem',
      } as const;
      const expected = Object.fromEntries(
        Object.entries(FUNCTIONS[name].table).map(([call, kinds]) => [calls[call as keyof typeof calls], [...new Set(kinds as TableItemKind[])].sort().map((k) => `${k}#*`)]),
      );
      expect(byAction).toEqual(expected);
    },
  );

  it('names item kinds exactly as the store builds partition keys', () => {
    // Prepare: every partition key prefix keys.ts can produce.
    const produced = new Set(
      [
        keys.issuer('x'),
        keys.achievement('x'),
        keys.webhookSource('x'),
        keys.submission('x'),
        keys.sourceEvent('x', 'y'),
        keys.review('x'),
        keys.earnerSignIn('x'),
        keys.earnerSession('x'),
        keys.credential('x'),
        keys.credentialOfSubmission('x'),
        keys.issuerKey('x', 'y'),
        keys.statusList('x', 'revocation', 1),
        keys.currentStatusList('x', 'revocation'),
        keys.user('x'),
        keys.userByEmail('x@example.edu'),
        keys.userByTokenHash('x'),
        keys.auditEntry(1),
        keys.auditHead(),
        keys.auditOnce('x'),
        keys.framework('x'),
        keys.achievementDraft('x'),
        keys.stack('x'),
        keys.stackDraft('x'),
        keys.stackVersion('x', 1),
        keys.stackComponent('x', 'y'),
        keys.earnerCredential('x', 'y', 'z'),
        keys.consoleSession('x'),
        keys.reviewOfSubmission('x', 'y'),
        keys.bulkBatch('x'),
        keys.bulkInput('x', 0),
        keys.bulkResults('x', 0),
        keys.deliveryLogEntry({ sourceId: 'x', receivedAt: '2026-12-01T00:00:00Z', deliveryId: 'y', index: 0 }),
        keys.pendingDelivery('x', 'y'),
        keys.directoryLearner('x', 'y'),
        keys.awardClaim('x', 'y'),
      ].map((k) => k.pk.split('#')[0]),
    );

    // Act
    const used = new Set(FUNCTION_NAMES.flatMap((name) => Object.values(FUNCTIONS[name].table).flat()));

    // Assess
    expect([...used].filter((kind) => !produced.has(kind))).toEqual([]);
    expect(used.size).toBeGreaterThan(5);
  });

  it('keeps reviews, review secrets and webhook sources away from the signing functions, credentials away from the review function', () => {
    // Act
    const kindsOf = (name: FunctionName) => new Set(Object.values(FUNCTIONS[name].table).flat());

    // Assess
    for (const kind of ['REVIEW', 'SOURCE'] as const) expect(kindsOf('release-credential').has(kind)).toBe(false);
    for (const kind of ['REVIEW', 'SOURCE'] as const) expect(kindsOf('admin').has(kind)).toBe(false);
    for (const kind of ['CREDENTIAL', 'DID', 'STATUSLIST', 'SOURCE'] as const) expect(kindsOf('review').has(kind)).toBe(false);
  });

  it("puts the roles of the signing functions, and only those, under the stage's signer path", () => {
    // Act
    const pathOf = (name: FunctionName) => {
      const fnId = logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`);
      const roleId = resourcesOf(app, 'AWS::Lambda::Function')[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
      return resourcesOf(app, 'AWS::IAM::Role')[roleId]!.Properties.Path;
    };

    // Assess
    expect(Object.fromEntries(FUNCTION_NAMES.map((name) => [name, pathOf(name)]))).toEqual({
      'webhook-intake': undefined,
      review: undefined,
      verify: undefined,
      admin: '/tessera/test/signers/',
      catalogue: undefined,
      console: '/tessera/test/signers/',
      bulk: undefined,
      'check-evidence': undefined,
      'request-review': undefined,
      'record-outcome': undefined,
      'release-credential': '/tessera/test/signers/jwt/',
      'notify-earner': undefined,
      reconcile: '/tessera/test/signers/jwt/',
    });
  });

  it('scopes table access to the table itself (no other table), GSI1 to the open-submissions Query of admin, the console and the reconciler and the catalogue lists, GSI2 to the reports (catalogue and console)', () => {
    // Act
    const tableStatements = (name: FunctionName) => statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    const onIndex = FUNCTION_NAMES.flatMap((name) =>
      tableStatements(name)
        .filter((s) => JSON.stringify(s.Resource).includes('/index/'))
        .map((s) => ({ name, s })),
    );
    const tableResources = FUNCTION_NAMES.flatMap((name) => tableStatements(name).filter((s) => !JSON.stringify(s.Resource).includes('/index/')))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));

    // Assess
    expect(new Set(tableResources).size).toBe(1);
    expect(tableResources[0]).toMatch(/IssuanceTable/);
    const indexOf = (s: { Resource: unknown }) => /\/index\/(GSI\d)/.exec(JSON.stringify(s.Resource))?.[1];
    expect(onIndex.map(({ name, s }) => [name, s.Sid, actionsOf(s), indexOf(s)])).toEqual([
      ['admin', 'TableListOpenSubmissions', ['dynamodb:Query'], 'GSI1'],
      ['catalogue', 'TableListCatalogue', ['dynamodb:Query'], 'GSI1'],
      ['catalogue', 'TableListSubmissionsByAchievement', ['dynamodb:Query'], 'GSI2'],
      ['console', 'TableListOpenSubmissions', ['dynamodb:Query'], 'GSI1'],
      ['console', 'TableListCatalogue', ['dynamodb:Query'], 'GSI1'],
      ['console', 'TableListSubmissionsByAchievement', ['dynamodb:Query'], 'GSI2'],
      ['reconcile', 'TableListOpenSubmissions', ['dynamodb:Query'], 'GSI1'],
    ]);
  });

  it('lets admin read the state of issuance executions only (the stuck report), and nothing else of Step Functions', () => {
    // Act
    const describe = statementsOf('admin').filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));

    // Assess
    expect(describe.map(actionsOf)).toEqual([['states:DescribeExecution']]);
    expect(JSON.stringify(describe[0]!.Resource)).toContain(':execution:Tessera-test-Issuance:*');
  });
});

describe('bulk permissions', () => {
  it('lets only the bulk function invoke a function, and only itself, by the name it is given', () => {
    // Act
    const invokers = FUNCTION_NAMES.filter((name) => statementsOf(name).some((s) => actionsOf(s).includes('lambda:InvokeFunction')));
    const invoke = statementsOf('bulk').find((s) => actionsOf(s).includes('lambda:InvokeFunction'))!;
    const fnId = logicalIdByPath(app, 'AWS::Lambda::Function', '/Fn-bulk/Function/');
    const bulk = resourcesOf(app, 'AWS::Lambda::Function')[fnId]!.Properties;

    // Assess: the ARN is built from the fixed name (no reference to itself: no dependency cycle).
    expect(invokers).toEqual(['bulk']);
    expect(actionsOf(invoke)).toEqual(['lambda:InvokeFunction']);
    expect(invoke.Resource).toEqual('arn:aws:lambda:eu-west-1:111122223333:function:Tessera-test-Bulk');
    expect(bulk.FunctionName).toBe('Tessera-test-Bulk');
    expect(bulk.Environment.Variables.TESSERA_BULK_FUNCTION).toBe('Tessera-test-Bulk');
    expect(bulk.Timeout).toBe(120);
  });

  it('keeps bulk batches to the bulk function', () => {
    // Act
    const holders = FUNCTION_NAMES.filter((name) => Object.values(FUNCTIONS[name].table).flat().includes('BULK'));

    // Assess
    expect(holders).toEqual(['bulk']);
  });
});

describe('reconciler permissions', () => {
  const stateMachineArn = 'arn:aws:states:eu-west-1:111122223333:stateMachine:Tessera-test-Issuance';
  const bySid = () =>
    Object.fromEntries(
      statementsOf('reconcile')
        .filter((s) => s.Sid)
        .map((s) => [s.Sid, s]),
    );

  it('reads each open execution, starts only the issuance state machine, nothing else of Step Functions', () => {
    // Act
    const states = statementsOf('reconcile').filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));

    // Assess: StartExecution on the state machine itself; DescribeExecution on its executions only.
    expect(states.map((s) => ({ actions: actionsOf(s), resource: s.Resource }))).toEqual([
      { actions: ['states:DescribeExecution'], resource: 'arn:aws:states:eu-west-1:111122223333:execution:Tessera-test-Issuance:*' },
      { actions: ['states:StartExecution'], resource: stateMachineArn },
    ]);
  });

  it('queries only GSI1 (SUBMISSION#OPEN), and touches base-table items of the kinds a release, its stacked award and a FAILED transition need', () => {
    // Act
    const statements = bySid();
    const table = (sid: string) => ({ actions: actionsOf(statements[sid]), kinds: statements[sid]!.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'] });

    // Assess
    expect(actionsOf(statements.TableListOpenSubmissions)).toEqual(['dynamodb:Query']);
    expect(statements.TableListOpenSubmissions!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringContaining('IssuanceTable') }, '/index/GSI1']] });
    expect(statements.TableListOpenSubmissions!.Condition).toBeUndefined();
    expect(table('TableGet')).toEqual({
      actions: ['dynamodb:GetItem'],
      kinds: ['ACHIEVEMENT#*', 'CLAIM#*', 'CREDENTIAL#*', 'DID#*', 'EVENT#*', 'ISSUER#*', 'STATUSLIST#*', 'SUBMISSION#*'],
    });
    expect(table('TableQuery')).toEqual({ actions: ['dynamodb:Query'], kinds: ['COMPONENT#*', 'DID#*', 'EARNER#*'] });
    expect(table('TablePut')).toEqual({ actions: ['dynamodb:PutItem'], kinds: ['CLAIM#*', 'CREDENTIAL#*', 'DID#*', 'EARNER#*', 'EVENT#*', 'STATUSLIST#*', 'SUBMISSION#*'] });
    // A submission it fails releases its claim on the achievement.
    expect(table('TableDelete')).toEqual({ actions: ['dynamodb:DeleteItem'], kinds: ['CLAIM#*'] });
    expect(table('TableUpdate')).toEqual({ actions: ['dynamodb:UpdateItem'], kinds: ['STATUSLIST#*', 'SUBMISSION#*'] });
  });

  it('publishes exactly what release-credential publishes and mails only from the sender', () => {
    // Act
    const send = statementsOf('reconcile').find((s) => actionsOf(s).includes('ses:SendEmail'))!;
    const puts = (name: FunctionName) =>
      statementsOf(name)
        .filter((s) => actionsOf(s).includes('s3:PutObject'))
        .map((s) => JSON.stringify(s.Resource))
        .sort();

    // Assess
    expect(puts('reconcile')).toHaveLength(4);
    expect(puts('reconcile')).toEqual(puts('release-credential'));
    expect(send.Resource).toEqual('arn:aws:ses:eu-west-1:111122223333:identity/example.edu');
    expect(send.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'badges@example.edu' } });
  });
});

describe('workflow role', () => {
  it('may invoke exactly the five step functions, unqualified', () => {
    // Prepare
    const stateMachine = Object.values(resourcesOf(app, 'AWS::StepFunctions::StateMachine'))[0]!;
    const roleId = stateMachine.Properties.RoleArn['Fn::GetAtt'][0] as string;
    const stepIds = ['check-evidence', 'request-review', 'record-outcome', 'release-credential', 'notify-earner'].map((name) =>
      logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`),
    );

    // Act
    const invoke = statementsOfRole(app, roleId).filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));

    // Assess
    expect(invoke).toHaveLength(1);
    expect(invoke[0]!.Resource).toEqual(expect.arrayContaining(stepIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))));
    expect(invoke[0]!.Resource).toHaveLength(stepIds.length);
  });
});
