// Pages are rendered with the one escaper (@tessera/core) and the shared layout (@tessera/issuance).
// This module only hands them on to the verify page, which still imports them from here; once it
// imports them by package name, this file goes.
export { h, SafeHtml } from '@tessera/core';
export { page } from '@tessera/issuance';
