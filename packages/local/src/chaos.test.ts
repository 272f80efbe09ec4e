import { describe, expect, it } from 'vitest';
import type { Mail, PublicObject } from '@tessera/core';
import { isTransient } from '../../../functions/shared/step.ts';
import { assertLocalForChaos, ChaosSpecError, createChaos, parseChaosSpec } from './chaos.ts';

const signer = { keyRef: 'k1', publicKey: async () => new Uint8Array([1]), sign: async () => new Uint8Array([7]) };
const sentMails: Mail[] = [];
const mailer = { send: async (mail: Mail) => void sentMails.push(mail) };
const published: PublicObject[] = [];
const site = { publish: async (o: PublicObject) => void published.push(o) };

describe('TESSERA_CHAOS', () => {
  it('reads <seed>:<rate> and names what is wrong otherwise', () => {
    expect(parseChaosSpec('42:0.05')).toEqual({ seed: 42, rate: 0.05 });
    expect(parseChaosSpec('7:1')).toEqual({ seed: 7, rate: 1 });
    for (const bad of ['', '42', '42:1.5', 'x:0.1', '42:-0.1', '1:0.1:2']) expect(() => parseChaosSpec(bad)).toThrow(ChaosSpecError);
  });

  it('is refused unless DynamoDB is on this machine', () => {
    expect(() => assertLocalForChaos('http://127.0.0.1:8000')).not.toThrow();
    expect(() => assertLocalForChaos('http://localhost:8000')).not.toThrow();
    expect(() => assertLocalForChaos('https://dynamodb.eu-west-1.amazonaws.com')).toThrow(/DynamoDB Local only/);
  });

  it('injects nothing until armed, then fails every call at rate 1', async () => {
    const chaos = createChaos({ seed: 1, rate: 1 });
    const wrapped = chaos.mailer(mailer);
    await wrapped.send({ to: 'a@example.org', subject: 's', text: 't', html: 'h' });
    expect(sentMails).toHaveLength(1);
    chaos.arm();
    await expect(wrapped.send({ to: 'a@example.org', subject: 's', text: 't', html: 'h' })).rejects.toThrow(/injected by TESSERA_CHAOS/);
    expect(sentMails).toHaveLength(1);
    await expect(chaos.publicSite(site).publish({ path: 'x', body: '', contentType: 'text/plain', immutable: false })).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    expect(published).toHaveLength(0);
    expect(chaos.counts).toEqual({ 'mail-throttled': 1, 'public-site-unavailable': 1 });
  });

  it('is reproducible from its seed, and at rate 0 changes nothing', async () => {
    const outcomes = async (seed: number, rate: number) => {
      const chaos = createChaos({ seed, rate });
      chaos.arm();
      const s = chaos.signer(signer);
      return Promise.all(
        Array.from({ length: 40 }, () =>
          s.sign(new Uint8Array([1])).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        ),
      );
    };
    expect(await outcomes(5, 0.3)).toEqual(await outcomes(5, 0.3));
    expect((await outcomes(5, 0.3)).filter((o) => o !== 'ok').length).toBeGreaterThan(0);
    expect(await outcomes(5, 0)).toEqual(Array(40).fill('ok'));
  });

  it('throws signer faults the steps retry, except a disabled key, which no retry cures', async () => {
    const chaos = createChaos({ seed: 3, rate: 1 });
    chaos.arm();
    const s = chaos.signer(signer);
    const errors = await Promise.all(Array.from({ length: 60 }, () => s.sign(new Uint8Array([1])).catch((e: Error) => e)));
    const names = new Set(errors.map((e) => (e as Error).name));
    expect(names).toEqual(new Set(['ThrottlingException', 'KMSInternalException', 'TimeoutError', 'KMSInvalidStateException']));
    for (const error of errors) expect(isTransient(error)).toBe((error as Error).name !== 'KMSInvalidStateException');
  });

  it('faults StartExecution: refused before it starts, or started with the answer lost; both transient', async () => {
    const chaos = createChaos({ seed: 11, rate: 1 });
    chaos.arm();
    const started: string[] = [];
    const workflow = chaos.workflowStarter({ start: async (name: string) => (started.push(name), { alreadyStarted: false }) });
    const errors = await Promise.all(Array.from({ length: 30 }, (_, i) => workflow.start(`exec-${i}`).catch((e: Error) => e)));

    // Assess: every call failed; exactly the answer-lost ones started, and a retry would cure each.
    expect(errors.every((e) => e instanceof Error && isTransient(e))).toBe(true);
    expect(started).toHaveLength(chaos.counts['workflow-start-answer-lost']!);
    expect(chaos.counts['workflow-start-throttled']! + chaos.counts['workflow-start-answer-lost']!).toBe(30);
    expect(chaos.counts['workflow-start-throttled']).toBeGreaterThan(0);
  });

  it('faults the journal writes (refused, or written with the answer lost) and never its reads', async () => {
    const chaos = createChaos({ seed: 12, rate: 1 });
    chaos.arm();
    const written: string[] = [];
    const record = { name: 'n', input: {}, taskToken: 't', startedAt: 'x', status: 'RUNNING' as const };
    const journal = chaos.journal({
      start: async () => (written.push('start'), { record, created: true }),
      get: async () => record,
      checkpoint: async () => void written.push('checkpoint'),
      callbackInvoked: async () => void written.push('callbackInvoked'),
      finish: async () => void written.push('finish'),
      listUnfinished: async () => [record],
    });

    const outcomes = await Promise.allSettled([
      journal.start(record),
      journal.checkpoint('n', { state: 'Release', input: {}, enteredAt: 'x' }),
      journal.callbackInvoked('n', 'RequestReview', 'x'),
      journal.finish('n', { status: 'SUCCEEDED', at: 'x' }),
    ]);

    expect(outcomes.every((o) => o.status === 'rejected' && isTransient(o.reason))).toBe(true);
    expect(written).toHaveLength(chaos.counts['journal-answer-lost'] ?? 0);
    expect(await journal.get('n')).toBe(record);
    expect(await journal.listUnfinished()).toEqual([record]);
  });
});
