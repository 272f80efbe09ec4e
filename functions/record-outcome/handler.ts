// Workflow steps Approve, RecordRejection, RecordExpiry and RecordFailure.
import { RecordOutcomeInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { stepHandler } from '../shared/step.ts';
import { recordOutcome } from './outcome.ts';

export const createHandler = (deps: () => Dependencies) => stepHandler(RecordOutcomeInput, (input) => recordOutcome(deps(), input));

export const handler = createHandler(dependencies);
