// Achievements: what can be earned, with its QA policy and reviewers.
import { Achievement } from '@tessera/core';
import { keys } from '../keys.ts';
import type { TableContext } from '../table-context.ts';
import { catalogueRepository } from './catalogue.ts';

export const achievementsRepository = (table: TableContext) => catalogueRepository(table, Achievement, 'Achievement', keys.achievement);
