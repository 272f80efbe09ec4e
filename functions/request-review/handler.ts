// Workflow step RequestReview (invoked with .waitForTaskToken).
import { RequestReviewInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { stepHandler } from '../shared/step.ts';
import { requestReview } from './request.ts';

export const createHandler = (deps: () => Dependencies) => stepHandler(RequestReviewInput, (input) => requestReview(deps(), input));

export const handler = createHandler(dependencies);
