/** Sets environment variables for a test file (undefined unsets one); returns what puts them back. */
export function setEnv(values: Readonly<Record<string, string | undefined>>): () => void {
  const saved: Record<string, string | undefined> = {};
  const apply = (entries: Readonly<Record<string, string | undefined>>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  for (const name of Object.keys(values)) saved[name] = process.env[name];
  apply(values);
  return () => apply(saved);
}
