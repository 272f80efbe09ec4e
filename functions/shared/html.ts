// Pages are rendered with the one escaper (@tessera/core) and the shared layout (@tessera/issuance).
// This module only hands them on to the verify page, which still imports them from here.
export { escapeHtml, h, SafeHtml } from '@tessera/core';
export { formatInstant, page } from '@tessera/issuance';
