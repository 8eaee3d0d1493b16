export type * from './types';
export { CsvError } from '../readers/csv-error';
export { CSV_DELIMITERS, detectDelimiter, type CsvDelimiter } from '../readers/csv-detect';
export { uniqueHeaderNames } from '../readers/csv-header';
export type { ParsedTable } from '../readers/csv-parser';
export { cellsOfStrings, type RawCells } from './raw-cells';
export {
	createCsvReader,
	readCsv,
	readCsvStream,
	type CsvOptions,
	type CsvReader,
	type CsvStreamOptions
} from '../readers/csv';
export { tableToFrame } from './table';
export {
	MISSING_TOKENS,
	isMissingToken,
	parseBooleanToken,
	parseDateToken,
	parseNumberSpan,
	parseNumberToken
} from './tokens';
export { inferColumn, MAX_CATEGORIES, MAX_CATEGORY_SHARE, SMALL_COLUMN_ROWS } from './infer';
export {
	columnIndex,
	columnLength,
	columnNames,
	columnSchema,
	createFrame,
	frameTransferables,
	getColumn,
	hasColumn,
	isMissing,
	numericValue,
	schemaOf
} from './frame';
export {
	dropColumns,
	renameColumn,
	selectColumns,
	takeColumnRows,
	takeRows,
	withColumns
} from './verbs';
export { cellText, formatDate, formatNumber, rowWindow, type RowWindow } from './display';
export {
	histogramSorted,
	meanStd,
	quantileSorted,
	sturgesBins,
	type Histogram,
	type MeanStd
} from '../stats/stats';
export {
	profileColumn,
	profileFrame,
	TOP_VALUES,
	type ColumnProfile,
	type FrameProfile,
	type ValueCount
} from '../analysis/profile';
export { correlationMatrix, type CorrelationMatrix } from '../stats/correlation';
