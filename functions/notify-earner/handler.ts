// Workflow step Notify.
import { StepInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { stepHandler } from '../shared/step.ts';
import { notifyEarner } from './notify.ts';

export const createHandler = (deps: () => Dependencies) => stepHandler(StepInput, (input) => notifyEarner(deps(), input.submissionId));

export const handler = createHandler(dependencies);
