// Webhook sources: the LMSs allowed to post award requests, with their signing secrets.
import { WebhookSource } from '@tessera/core';
import { keys } from '../keys.ts';
import type { TableContext } from '../table-context.ts';
import { catalogueRepository } from './catalogue.ts';

export const webhookSourcesRepository = (table: TableContext) => catalogueRepository(table, WebhookSource, 'WebhookSource', keys.webhookSource);
