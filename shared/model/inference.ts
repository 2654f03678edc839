// Runs in: renderer and main (types). Using a finished run's saved model, and the text task's data preview (issues 3 and 5).

/** The next `horizon` steps past the end of a CSV, from a saved forecast run's model. */
export interface ForecastFromCsv {
  task: 'forecast';
  runId: number;
  fileName: string;
  target: string;
  /** The last rows of the file's target (up to 4 windows), for the chart. Times are epoch ms, or null without a time column. */
  history: { times: number[] | null; values: number[] };
  /** One value per step ahead; times follow the inferred spacing, null without a time column. */
  forecast: { times: number[] | null; values: number[] };
  /** The run's prediction intervals around `forecast.values`, one per level (absent for runs without intervals). */
  intervals?: { level: number; lower: number[]; upper: number[] }[];
  /** The same as a CSV: step,time,forecast (and lower_80,upper_80,... with intervals). */
  csv: string;
}

export interface TextPrediction {
  text: string;
  /** The predicted class's name, as in the run's label mapping. */
  label: string;
  /** Probability of the predicted class. */
  probability: number;
  /** Probability of every class, in classNames order. */
  probabilities: number[];
}

/** A saved text run applied to every row of a CSV with the run's text column. */
export interface TextPredictionsFromCsv {
  task: 'text';
  runId: number;
  fileName: string;
  classNames: string[];
  /** First 200 rows, for the table. */
  preview: TextPrediction[];
  rows: number;
  /** Every row: row,text,label,probability,p_<class>... */
  csv: string;
}

export type PredictionsFromCsv = ForecastFromCsv | TextPredictionsFromCsv;

/** The embedding table of the most frequent words, before and after training, for the projector. */
export interface EmbeddingSnapshot {
  /** Most frequent first; [UNK] and [PAD] left out. At most 1,000. */
  words: string[];
  /** Training-split counts, same order. */
  counts: number[];
  dim: number;
  /** Vectors as initialised (before the first update), same order as words. */
  before: number[][];
  /** Vectors of the kept (best) model. */
  after: number[][];
}

export interface TextPreviewRequest {
  datasetId: string;
  textColumn: string;
  labelColumn: string;
  vocabSize: number;
  minFrequency: number;
  maxLength: number;
  truncate: 'start' | 'end';
  split: { train: number; validation: number };
  seed: number;
}

/** What the text setup shows before training: label mapping, lengths, vocabulary, tokenised rows. */
export interface TextPreview {
  /** Label mapping: class index -> label as written in the file, with its row count. */
  classes: { index: number; label: string; count: number }[];
  lengths: {
    /** Tokens per text (after cleaning), all rows; equal-width bins. */
    histogram: { from: number; to: number; count: number }[];
    median: number;
    p90: number;
    max: number;
    /** Rows longer than the chosen max length (they get truncated). */
    truncatedRows: number;
  };
  /** Max length that covers 90% of texts, rounded up to a multiple of 10. */
  suggestedMaxLength: number;
  vocabulary: {
    /** Entries in the index, the two reserved included. */
    size: number;
    /** Distinct words in the training split before the cap. */
    distinctWords: number;
    /** First entries of the index: [UNK] 0, [PAD] 1, then the most frequent words. */
    top: { index: number; word: string; count: number }[];
  };
  /** A few training rows as the model will see them. */
  samples: { text: string; label: string; tokens: string[]; ids: number[]; truncated: boolean }[];
}
