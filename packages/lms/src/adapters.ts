// The platform adapters by source kind: the one place the delivery pipeline looks a kind up.
import type { SourceKind } from '@tessera/core';
import { caliper } from './caliper.ts';
import { canvas } from './canvas.ts';
import { genericAdapter } from './generic.ts';
import { moodle } from './moodle.ts';
import { openedx } from './openedx.ts';
import type { PlatformAdapter } from './platform.ts';

export const platformAdapters: Record<SourceKind, PlatformAdapter> = {
  generic: genericAdapter,
  canvas,
  moodle,
  openedx,
  caliper,
};
