// Workflow step Notify.
import { NotifyInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { stepHandler } from '../shared/step.ts';
import { notifyEarner } from './notify.ts';

export const createHandler = (deps: () => Dependencies) => stepHandler(NotifyInput, (input) => notifyEarner(deps(), input.submissionId, input.credential));

export const handler = createHandler(dependencies);
