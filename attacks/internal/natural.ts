// natural pulls in dotenv, which prints a banner unless told to be quiet; the variable must be set before the import.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const natural = (await import('natural')).default;
export default natural;
