// The platform adapters by source kind: the one place the delivery pipeline looks a kind up.
import type { SourceKind } from '@tessera/core';
import { genericAdapter } from './generic.ts';
import type { PlatformAdapter } from './platform.ts';

export const platformAdapters: Partial<Record<SourceKind, PlatformAdapter>> = {
  generic: genericAdapter,
};
