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

/**
 * What the CLI's tests give the AWS SDK, which reads endpoint, Region and credentials from the
 * process environment, the standard way: fake keys, one Region, and no profile or config file of
 * the machine's own.
 */
export const CLI_TEST_ENV: Readonly<Record<string, string | undefined>> = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: 'us-east-1',
  AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: '/nonexistent/apigw-errors-test-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/apigw-errors-test-credentials',
};
