// Decides whether a public path is a plain relative file path. Both sites apply it, so a path
// that publishes locally also publishes on S3 and no path can step out of the local folder.
import { ValidationError } from '@tessera/core';

/** Why `path` is not a safe public path, or undefined when it is. */
export function publicPathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is absolute (it must not start with /)';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment (// or a trailing /)';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  }
  return undefined;
}

/** The path's segments; a ValidationError naming the problem when the path is unsafe. */
export function publicPathSegments(path: string): string[] {
  const problem = publicPathProblem(path);
  if (problem) throw new ValidationError(`public path ${JSON.stringify(path)} ${problem}`, [{ path: 'path', message: problem }]);
  return path.split('/');
}
