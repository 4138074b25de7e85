/**
 * Issue 21: a load reads police.uk street files force by force, each force's months in order (data/formats/policeuk.ts,
 * byForce), so that rows are stored in row groups of one force and a borough's question reads its own force's. The
 * storage order is a speed property, measured in bench/ (BENCHMARKS.md), not here: DuckDB keeps it only roughly (its
 * join may hand rows on out of order), and no figure depends on it. Expected orders are written by hand.
 */
import { describe, expect, it } from 'vitest';
import { byForce } from '../data/formats/policeuk.ts';

describe('byForce: the order a load stores street files in', () => {
  it('sorts data.police.uk names by force, then month; other names by file name', () => {
    expect(
      byForce([
        'a/2024-02/2024-02-kent-street.csv',
        'a/2024-01/2024-01-surrey-street.csv',
        'b/notes.csv',
        'a/2024-01/2024-01-kent-street.csv',
        'a/2023-12/2023-12-kent-street.csv',
        'a/2024-01/2024-01-avon-and-somerset-street.csv',
      ]),
    ).toEqual([
      'a/2024-01/2024-01-avon-and-somerset-street.csv',
      'a/2023-12/2023-12-kent-street.csv',
      'a/2024-01/2024-01-kent-street.csv',
      'a/2024-02/2024-02-kent-street.csv',
      'b/notes.csv',
      'a/2024-01/2024-01-surrey-street.csv',
    ]);
  });

  it('keeps every path once', () => {
    const paths = ['x/2024-01-a-street.csv', 'y/2024-01-a-street.csv', 'x/2023-01-b-street.csv'];
    expect(byForce(paths)).toEqual(['x/2024-01-a-street.csv', 'y/2024-01-a-street.csv', 'x/2023-01-b-street.csv']);
    expect(byForce([])).toEqual([]);
  });
});
