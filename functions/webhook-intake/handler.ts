// POST /webhooks/{sourceId}: an LMS (or any source) reports that a learner met the criteria.
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { header, httpHandler, json, rawBody } from '../shared/http.ts';
import { receiveAwardRequest } from './intake.ts';
import { SIGNATURE_HEADER } from './signature.ts';

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    const result = await receiveAwardRequest(deps(), {
      sourceId: event.pathParameters?.sourceId ?? '',
      rawBody: rawBody(event),
      signature: header(event, SIGNATURE_HEADER),
    });
    return json(202, { submissionId: result.submissionId });
  });

export const handler = createHandler(dependencies);
