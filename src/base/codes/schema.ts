import type { CodeTable } from './types.ts';

/** STK2xxx: Schema validation: types, unknown keys, value formats. Add new codes at the end; never renumber. */
export const schemaCodes: CodeTable = {
  STK2001: { name: 'UnknownKey', summary: 'A key that Compose does not define at this place (a typo, or a key nested at the wrong level).' },
  STK2002: { name: 'WrongType', summary: 'A value of the wrong type: a string where a list is expected, a mapping where a string is expected...' },
  STK2003: { name: 'ValueNotAllowed', summary: 'A value that is not one of the values this key accepts.' },
  STK2004: { name: 'InvalidFormat', summary: 'A string that does not have the form this key requires.' },
  STK2005: { name: 'MissingKey', summary: 'A mapping that lacks a key it must have.' },
  STK2006: { name: 'DuplicateItem', summary: 'A list that must not repeat an item repeats one.' },
  STK2007: { name: 'OutOfRange', summary: 'A number below the minimum or above the maximum this key accepts.' },
  STK2008: { name: 'NoMatchingForm', summary: 'A value that matches none of the forms this key accepts (short string form, long mapping form...).' },
  STK2009: { name: 'InvalidName', summary: 'A name (of a service, volume, network attachment, dependency...) that uses characters Compose does not allow.' },
};
