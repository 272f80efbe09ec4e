// Workflow step Release.
import { StepInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { logger, METRIC, MetricUnit, metrics } from '../shared/observability.ts';
import { stepHandler } from '../shared/step.ts';
import { releaseCredential } from './release.ts';

export const createHandler = (deps: () => Dependencies) =>
  stepHandler(StepInput, async (input) => {
    const released = await releaseCredential(deps(), input.submissionId);
    logger.info('credential released', { credentialId: released.credentialId });
    metrics.addMetric(METRIC.badgesIssued, MetricUnit.Count, 1);
    return released;
  });

export const handler = createHandler(dependencies);
