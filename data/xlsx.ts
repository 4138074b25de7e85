import ExcelJS from 'exceljs';
import { LoadError } from './errors.ts';

/** One sheet of a workbook as text: its name and its rows (row 1 = the header), each cell as the text it stands for. */
export interface Sheet {
  name: string;
  /** rows[i] is the sheet's row i + 1; empty rows are empty arrays */
  rows: string[][];
}

/**
 * Reads one sheet of an `.xlsx` workbook with exceljs: the sheet named `preferred` when there is one, else the only
 * sheet; a workbook with several sheets and none of that name is refused, naming them. Dates become `YYYY-MM-DD`
 * (Excel dates have no zone: read as UTC), numbers their plain text, empty cells "".
 * @example const { name, rows } = await readSheet('dashboard.xlsx', 'dashboard.xlsx', 'MPS_MonthlyCrimeDashboard_Other');
 */
export async function readSheet(file: string, name: string, preferred: string): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (e) {
    throw new LoadError(name, undefined, `cannot read this Excel workbook (.xlsx): ${(e as Error).message}`);
  }
  const sheets = workbook.worksheets;
  const sheet = sheets.find((s) => s.name === preferred) ?? (sheets.length === 1 ? sheets[0] : undefined);
  if (!sheet)
    throw new LoadError(
      name,
      undefined,
      `expected a sheet named "${preferred}" or a workbook of one sheet, found ${sheets.length} sheets: ${sheets.map((s) => `"${s.name}"`).join(', ')}`,
    );
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  return { name: sheet.name, rows: Array.from(rows, (r) => r ?? []) };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value);
}
