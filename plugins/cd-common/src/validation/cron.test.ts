import { cronExpressionError } from './cron';

describe('cronExpressionError', () => {
  it.each([
    '*/5 * * * *',
    '0 9 * * MON-FRI',
    '0 0 1,15 JAN,JUL *',
    '30 */2 * * * *',
    '0 0/30 * 1/1 * ? *',
    '0 0 12 ? * WED',
    '0 15 10 L * ?',
    '0 15 10 ? * 6L',
    '0 15 10 ? * 6#3',
    '0 0 12 15W * ?',
    '0 0 0 * * ? 2030',
    '@daily',
    '@HOURLY',
  ])('accepts %s', expression => {
    expect(cronExpressionError(expression)).toBeUndefined();
  });

  it.each([
    ['', 'cron expression is empty'],
    ['* * * *', 'cron expression has 4 fields; expected 5'],
    ['60 * * * *', 'minute field "60": 60 is out of range 0-59'],
    ['0 24 * * *', 'hour field "24": 24 is out of range 0-23'],
    ['0 0 32 * *', 'day of month field "32": 32 is out of range 1-31'],
    ['0 0 * 13 *', 'month field "13": 13 is out of range 1-12'],
    ['0 0 * FOO *', 'month field "FOO": "FOO" is not a number or a name'],
    ['0 0 * * 8', 'day of week field "8": 8 is out of range 0-7'],
    ['*/0 * * * *', 'minute field "*/0": step "0" must be a positive integer'],
    ['5-1 * * * *', 'minute field "5-1": range 5-1 goes backwards'],
    [
      '? * * * *',
      'minute field "?": "?" is only allowed in day of month and day of week',
    ],
    ['0 0 * * MON#6', 'occurrence #6 must be between 1 and 5'],
    ['1,,2 * * * *', 'empty list item'],
    ['@sometimes', 'unknown cron macro "@sometimes"'],
  ])('rejects %j', (expression, message) => {
    expect(cronExpressionError(expression)).toContain(message);
  });
});
