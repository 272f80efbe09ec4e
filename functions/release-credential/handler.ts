// Workflow step Release.
import { StepInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { stepHandler } from '../shared/step.ts';
import { releaseCredential } from './release.ts';

export const createHandler = (deps: () => Dependencies) => stepHandler(StepInput, (input) => releaseCredential(deps(), input.submissionId));

export const handler = createHandler(dependencies);
