/**
 * Dataset and tokenizer errors. Each carries a stable code and a message that names the value at
 * fault and says what to do next, so a grader can print it as is.
 */
export type DatasetErrorCode =
  | 'UNKNOWN_CHAR' // encode() met a character outside the vocabulary
  | 'UNKNOWN_TOKEN' // decode() met an id outside [0, size)
  | 'BAD_TOKENIZER_JSON' // fromJSON() got something toJSON() never writes
  | 'UNKNOWN_DATASET' // loadDataset() got a name that is not in DATASET_NAMES
  | 'MISSING_FILE'; // a generated file is absent: regenerate it

export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
  ) {
    super(message);
  }
}
