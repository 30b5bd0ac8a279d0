/** env_file contents read as systemd's EnvironmentFile= (systemd.exec(5)), as a table. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envFileVariables, parseEnvFile } from '../../src/config/env-file.ts';

const table: Array<[what: string, text: string, env: Record<string, string>]> = [
  ['plain', 'A=1\nB=two\n', { A: '1', B: 'two' }],
  ['no final newline', 'A=1', { A: '1' }],
  ['comments and blank lines', '# c\n; also\n\n   \nA=1 # not a comment\n', { A: '1 # not a comment' }],
  ['a comment starts only a line', '  # indented comment\nA=#x\n', { A: '#x' }],
  ['lines without = are skipped', 'JUNK\nA=1\nexport\n', { A: '1' }],
  ['whitespace around key and value dropped, interior kept', '  A  =   x  y \t\nB=\n', { A: 'x  y', B: '' }],
  ['CRLF line ends', 'A=1\r\nB=2\r\n', { A: '1', B: '2' }],
  ['later wins', 'A=1\nA=2\n', { A: '2' }],
  ['empty value', 'A=\n', { A: '' }],
  ['single quotes verbatim', `A='a "b" \\n $x'\n`, { A: 'a "b" \\n $x' }],
  ['single quotes span lines', "A='one\ntwo'\nB=3\n", { A: 'one\ntwo', B: '3' }],
  ['double quotes: \\" \\\\ \\` \\$ unescaped, others kept', 'A="q\\"b\\\\s\\`t\\$d \\n"\n', { A: 'q"b\\s`t$d \\n' }],
  ['double quotes span lines, \\newline continues', 'A="one\ntwo\\\nthree"\n', { A: 'one\ntwothree' }],
  ['whitespace outside quotes dropped', 'A=  "x"  \nB= \'y\' \n', { A: 'x', B: 'y' }],
  ['pieces join', `A="a"'b'c\n`, { A: 'abc' }],
  ['quotes inside an unquoted value kept', `A=it's "so"\n`, { A: `it's "so"` }],
  ['unquoted backslash takes the next char', 'A=a\\ b\\\\c\\"d\n', { A: 'a b\\c"d' }],
  ['unquoted trailing backslash joins lines', 'A=one \\\ntwo\nB=2\n', { A: 'one two', B: '2' }],
  ['= in the value', 'URL=postgres://u:p@h/db?x=1\n', { URL: 'postgres://u:p@h/db?x=1' }],
  ['trailing backslash on a comment does not continue it', '# c \\\nA=1\n', { A: '1' }],
  ['unterminated quote takes the rest', 'A="open\nB=2', { A: 'open\nB=2' }],
  ['invalid names skipped', '1A=x\nA-B=y\nOK_1=z\n', { OK_1: 'z' }],
];

for (const [what, text, env] of table) {
  test(`env_file: ${what}`, () => {
    assert.deepEqual(envFileVariables(parseEnvFile(text)), env);
  });
}

test('env_file: skipped names are reported with their line', () => {
  assert.deepEqual(parseEnvFile('A=1\n\n1A=x\nA-B="y\nz"\n').skipped, [
    'line 3: invalid variable name "1A"',
    'line 5: invalid variable name "A-B"',
  ]);
});
