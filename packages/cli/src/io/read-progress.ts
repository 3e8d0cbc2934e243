/**
 * How far a reader is through a data file: bytes of the file read (for `.csv.gz`, compressed bytes consumed, so
 * the total is the size on disk) or Parquet row groups decoded. `done` never decreases and ends equal to `total`.
 */
export interface ReadProgressEvent {
  readonly unit: 'bytes' | 'row groups'
  readonly done: number
  readonly total: number
}

/** Told of each step of a read (a chunk of bytes, a row group); a reader calls it last with `done === total`. */
export type ReadProgressListener = (event: ReadProgressEvent) => void
