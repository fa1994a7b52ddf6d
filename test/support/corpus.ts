/** Where the shared, read-only corpus lives: beside the project checkout (CI lays a copy there too). */
import { join } from 'node:path';

export const CORPUS_DIR = join(__dirname, '..', '..', '..', 'shared', 'corpus');

export function corpusFile(name: string): string {
  return join(CORPUS_DIR, name);
}
