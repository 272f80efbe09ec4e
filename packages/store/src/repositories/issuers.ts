// Issuers: the institutions credentials are issued in the name of.
import { Issuer } from '@tessera/core';
import { keys } from '../keys.ts';
import type { TableContext } from '../table-context.ts';
import { catalogueRepository } from './catalogue.ts';

export const issuersRepository = (table: TableContext) => catalogueRepository(table, Issuer, 'Issuer', keys.issuer);
