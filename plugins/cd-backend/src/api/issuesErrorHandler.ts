import type { ErrorRequestHandler, Request, Response } from 'express';
import type { ValidationIssue } from '@internal/plugin-cd-common';
import { isPipelineValidationError } from '../pipelines/errors';

/** An error that names the fields at fault. */
export interface IssuesError {
  name: string;
  message: string;
  issues: ValidationIssue[];
}

/** Answers 400 in Backstage's error shape plus `issues: [{ path, message }]`. */
export function sendIssues(req: Request, res: Response, error: IssuesError) {
  res.status(400).json({
    error: { name: error.name, message: error.message },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 400 },
    issues: error.issues,
  });
}

/** Renders the errors `matches` accepts with their issues; everything else goes on to Backstage's handler. */
export function createIssuesErrorHandler(matches: (error: unknown) => error is IssuesError): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (matches(error)) sendIssues(req, res, error);
    else next(error);
  };
}

/** Validation failures of pipelines, parameters and queries. */
export const issuesErrorHandler = createIssuesErrorHandler(isPipelineValidationError);
