import type { CodeTable } from './types.ts';

/** STK1xxx: YAML and file reading: syntax, encoding, unreadable or missing files, interpolation. Add new codes at the end; never renumber. */
export const parseCodes: CodeTable = {
  STK1001: { name: 'YamlSyntax', summary: 'The file is not valid YAML: a syntax error, a bad indentation, an unknown alias.' },
  STK1002: { name: 'DuplicateKey', summary: 'A mapping names the same key twice; YAML forbids it and Compose rejects it.' },
  STK1003: { name: 'FileNotFound', summary: 'A file that the project names does not exist: a compose file, an env file, an extends or include target.' },
  STK1004: { name: 'FileUnreadable', summary: 'A file exists but cannot be read (permissions, a directory, bad encoding).' },
  STK1005: { name: 'EmptyFile', summary: 'A compose file holds no document (empty, or only comments).' },
  STK1006: { name: 'NotAMapping', summary: 'The top level of a compose file must be a mapping (`services:` ...).' },
  STK1007: { name: 'NoComposeFile', summary: 'No compose file was given and none of the default names was found here or in a parent directory.' },
  STK1008: { name: 'EnvFileSyntax', summary: 'A line of an env file (.env, --env-file, env_file, label_file) is not `KEY=value`.' },
  STK1009: { name: 'RequiredVariable', summary: 'A `${VAR:?message}` or `${VAR?message}` interpolation found the variable unset (or empty).' },
  STK1010: { name: 'InvalidInterpolation', summary: 'A `${...}` expression is malformed: unclosed, a bad variable name, an unsupported operator.' },
  STK1011: { name: 'UnsetVariable', summary: 'Warning: a variable used in the file is not set; it defaults to a blank string.' },
  STK1012: { name: 'SeveralDefaultFiles', summary: 'Warning: several default compose file names exist in one directory; the first one is used.' },
  STK1013: { name: 'UnknownTag', summary: 'A YAML tag that Compose does not know (only `!reset` and `!override` are allowed).' },
  STK1014: { name: 'ComplexKey', summary: 'A mapping key that is not a scalar (a list or mapping used as a key).' },
  STK1015: { name: 'TooManyAliases', summary: 'YAML aliases expand to too large a document (an alias bomb).' },
};
