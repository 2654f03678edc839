// Runs in: renderer. What the shared field groups (ModelFields, TrainingFields) need from a form's state: the values
// they bind and the form's own error display, so the forecast and text forms render the same controls.
import type { BackendChoice, CellType, OptimizerName } from '../../shared/model/config';

/** What a bound number input holds: a number, or nothing when the field is empty or not a number. */
export type NumberValue = number | null | undefined;

interface FieldErrorDisplay {
  errorFor(key: string): string | undefined;
  touch(key: string): void;
}

export interface ModelFieldsState extends FieldErrorDisplay {
  cell: CellType;
  layers: NumberValue;
  hiddenUnits: NumberValue;
  bidirectional: boolean;
  dropout: NumberValue;
  recurrentDropout: NumberValue;
}

export interface TrainingFieldsState extends FieldErrorDisplay {
  epochs: NumberValue;
  batchSize: NumberValue;
  learningRate: NumberValue;
  seed: NumberValue;
  optimizer: OptimizerName;
  earlyStopping: boolean;
  patience: NumberValue;
  minDelta: NumberValue;
  backend: BackendChoice;
  trainFraction: NumberValue;
  validationFraction: NumberValue;
}
