import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../../../src/renderer/features/preview/delimited';

describe('CSV and TSV for the preview table', () => {
  it('keeps separators, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'name,note\r\n"Smith, J","said ""hi"""\n"two\nlines",x\n';
    expect(parseDelimited(text, ',', true, 100)).toEqual({
      rows: [
        ['name', 'note'],
        ['Smith, J', 'said "hi"'],
        ['two\nlines', 'x'],
      ],
      truncated: false,
    });
  });

  it('splits TSV on tabs only', () => {
    expect(parseDelimited('a\tb,c\n1\t2', '\t', true, 10).rows).toEqual([
      ['a', 'b,c'],
      ['1', '2'],
    ]);
  });

  it('holds back a record cut by the end of the loaded text, and keeps it once all is loaded', () => {
    expect(parseDelimited('a,b\n1,2\n3,"par', ',', false, 10).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseDelimited('a,b\n1,2\n3,4', ',', true, 10).rows).toHaveLength(3);
  });

  it('stops at the row limit and says so', () => {
    const text = Array.from({ length: 50 }, (_, i) => `${i},x`).join('\n');
    const table = parseDelimited(text, ',', true, 10);
    expect(table.rows).toHaveLength(10);
    expect(table.truncated).toBe(true);
  });
});
