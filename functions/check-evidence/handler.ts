// Workflow step CheckEvidence.
import { StepInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { stepHandler } from '../shared/step.ts';
import { checkEvidence } from './evidence.ts';

export const createHandler = (deps: () => Dependencies) => stepHandler(StepInput, (input) => checkEvidence(deps(), input.submissionId));

export const handler = createHandler(dependencies);
