import type { GradeReport } from '../grade';

export interface ReporterOptions {
  /** ANSI colours (the CLI decides: a TTY without NO_COLOR). */
  color: boolean;
  /** Suggest `kata hint` for the first failing check (a workspace with metadata). */
  suggestHints?: boolean;
}

/** Renders a finished grade; the CLI decides where the text goes. */
export type Reporter = (report: GradeReport, options: ReporterOptions) => string;
