// Runs in: vitest (Node). The first-rows table's numbers (issue 13, item 4): long doubles at six significant digits
// with the whole value kept for hover; short numbers, text and odd cells as written.
import { describe, expect, it } from 'vitest';
import { previewCell } from '../../renderer/import/preview-cell';

describe('previewCell', () => {
  it('shortens a double written with every digit, keeping the cell as written for hover', () => {
    expect(previewCell('0.5777777777777773', true)).toEqual({ text: '0.577778', whole: '0.5777777777777773' });
    expect(previewCell('17.1143000000000', true)).toEqual({ text: '17.1143', whole: '17.1143000000000' });
    expect(previewCell('-3.2388888888888888', true)).toEqual({ text: '-3.23889', whole: '-3.2388888888888888' });
    expect(previewCell('1015.1300000000001', true)).toEqual({ text: '1015.13', whole: '1015.1300000000001' });
  });

  it('leaves short numbers, integers and what is not a plain decimal as written', () => {
    for (const cell of ['0.89', '14.4', '1015', '0.000123', '', 'NA', '1e-7', '0,5777777777777', '12345678901234']) {
      expect(previewCell(cell, true)).toEqual({ text: cell, whole: null });
    }
    expect(previewCell('0.5777777777777773', false)).toEqual({ text: '0.5777777777777773', whole: null });
  });
});
