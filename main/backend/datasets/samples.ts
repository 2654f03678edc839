// Runs in: main process. Descriptions of the bundled sample datasets (resources/samples, see its README).
export const SAMPLE_DESCRIPTIONS: Record<string, string> = {
  'szeged-weather-sample.csv': 'Weather in Szeged, hourly, the year 2015 (8,760 rows; the course’s forecasting data)',
  'airline-passengers.csv': 'Monthly international airline passengers, 1949-1960 (Box & Jenkins)',
};
